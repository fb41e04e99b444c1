/**
 * The whole machine's CPU time, to tell whether something other than the measured processes
 * used the CPUs during a window. On a 2-vCPU virtual machine a compiler or a test suite in
 * the background slows a measured server by 2-10× even at idle priority (the host shares
 * cores and caches between vCPUs): such a window measures the neighbour, not the stack.
 */
import { readdirSync, readFileSync } from 'node:fs';

import { parseStatCpuTicks, ticksPerSecond } from './proc.js';

/**
 * CPU seconds spent in tasks (user + nice + system) over all CPUs, from the `cpu` line of
 * /proc/stat. Interrupt and softirq time (the loopback traffic itself), idle, I/O wait and
 * steal are left out: they belong to no task.
 */
export function parseMachineTaskTicks(procStat: string): number {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  const fields = line?.trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system] = fields ?? [];
  if (
    user === undefined ||
    nice === undefined ||
    system === undefined ||
    !Number.isFinite(user + nice + system)
  )
    throw new Error('unexpected /proc/stat format');
  return user + nice + system;
}

/**
 * Steal ticks (time the hypervisor ran something else while a vCPU wanted to run) of the
 * given CPUs, from their `cpuN` lines of /proc/stat; CPUs without a line count 0.
 */
export function parseStealTicks(procStat: string, cpus: readonly number[]): number {
  let total = 0;
  for (const line of procStat.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (match === null || !cpus.includes(Number(match[1]))) continue;
    const steal = Number(match[2]!.trim().split(/\s+/)[7]);
    if (!Number.isFinite(steal)) throw new Error('unexpected /proc/stat format');
    total += steal;
  }
  return total;
}

/** Both clocks at once from one read of /proc/stat. */
export function machineClocks(
  stealCpus: readonly number[],
): { taskS: number; stealS: number } | undefined {
  try {
    const text = readFileSync('/proc/stat', 'utf8');
    const hz = ticksPerSecond();
    return {
      taskS: parseMachineTaskTicks(text) / hz,
      stealS: parseStealTicks(text, stealCpus) / hz,
    };
  } catch {
    return undefined;
  }
}

/** The machine's task CPU seconds so far; undefined where /proc/stat is unreadable. */
export function machineTaskCpuS(): number | undefined {
  try {
    return parseMachineTaskTicks(readFileSync('/proc/stat', 'utf8')) / ticksPerSecond();
  } catch {
    return undefined;
  }
}

export interface BusyProcess {
  pid: number;
  name: string;
  /** % of one core over the interval. */
  cpuPercent: number;
}

/** `pid → [comm, CPU ticks]` for every user-space process now (kernel threads left out). */
function snapshot(): Map<number, [string, number]> {
  const out = new Map<number, [string, number]>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === 2 || entry === '2') continue;
      out.set(Number(entry), [name, parseStatCpuTicks(stat)]);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return out;
}

/**
 * The processes (other than `exclude`) that used the most CPU over `ms` milliseconds,
 * busiest first, with the total they used (% of one core).
 */
export async function busiestProcesses(
  ms: number,
  exclude: ReadonlySet<number>,
): Promise<{ totalPercent: number; top: BusyProcess[] }> {
  const before = snapshot();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const after = snapshot();
  const seconds = (performance.now() - t0) / 1000;
  const ticks = ticksPerSecond();
  const busy: BusyProcess[] = [];
  for (const [pid, [name, cpu]] of after) {
    if (exclude.has(pid)) continue;
    const used = cpu - (before.get(pid)?.[1] ?? 0);
    if (used > 0) busy.push({ pid, name, cpuPercent: (100 * used) / ticks / seconds });
  }
  busy.sort((a, b) => b.cpuPercent - a.cpuPercent);
  return { totalPercent: busy.reduce((s, p) => s + p.cpuPercent, 0), top: busy.slice(0, 3) };
}

/**
 * A warning when the machine is not quiet before measuring: other processes used at least
 * `limitPercent` of a core over `ms` (this process excluded), with the busiest named.
 */
export async function noisyNeighbours(limitPercent: number, ms = 500): Promise<string | undefined> {
  const { totalPercent, top } = await busiestProcesses(ms, new Set([process.pid]));
  if (totalPercent < limitPercent) return undefined;
  const names = top.map((p) => `${p.name} (pid ${p.pid}, ${p.cpuPercent.toFixed(0)} %)`);
  return (
    `the machine is not quiet: other processes used ${totalPercent.toFixed(0)} % of a CPU ` +
    `before measuring (busiest: ${names.join(', ')}). Windows they overlap are marked ` +
    `"contended" and left out; stop them for numbers you can use.`
  );
}
