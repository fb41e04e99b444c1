/**
 * Resource sampling from /proc: CPU time (utime + stime, which excludes steal time) and
 * resident memory of one process. The parsers are pure and tested on fixed text.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let clockTicks: number | undefined;

/** Kernel clock ticks per second (USER_HZ), for /proc/<pid>/stat times. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime in ticks from the text of /proc/<pid>/stat (the comm field may hold spaces). */
export function parseStatCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error('unexpected /proc stat format');
  return utime + stime;
}

/** A `VmRSS`/`VmHWM`-style line of /proc/<pid>/status, in bytes (0 when absent). */
export function parseStatusBytes(status: string, key: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
}

/**
 * `/proc/<pid>/schedstat` of one thread: nanoseconds on a CPU, nanoseconds runnable but
 * waiting for one (run-queue delay), time slices. Their sum over a window is the time the
 * thread had work: an event loop idle in epoll_wait is in neither.
 */
export function parseSchedstat(text: string): { runNs: number; waitNs: number } {
  const [run, wait] = text.trim().split(/\s+/).map(Number);
  if (run === undefined || wait === undefined || !Number.isFinite(run) || !Number.isFinite(wait))
    throw new Error('unexpected /proc schedstat format');
  return { runNs: run, waitNs: wait };
}

export interface ProcessSample {
  cpuS: number;
  /**
   * Seconds the main thread (the event loop) was running or waiting for a CPU; undefined
   * where the kernel keeps no schedstat.
   */
  busyS?: number;
  rssBytes: number;
  peakRssBytes: number;
}

/** Reads one process's CPU seconds and memory now; undefined once the process is gone. */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const cpuS = parseStatCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / ticksPerSecond();
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const busyS = mainThreadBusyS(pid);
    return {
      cpuS,
      ...(busyS !== undefined && { busyS }),
      rssBytes: parseStatusBytes(status, 'VmRSS'),
      peakRssBytes: parseStatusBytes(status, 'VmHWM'),
    };
  } catch {
    return undefined;
  }
}

/** The main thread's running + runnable seconds (its schedstat); undefined when unreadable. */
function mainThreadBusyS(pid: number): number | undefined {
  try {
    const { runNs, waitNs } = parseSchedstat(readFileSync(`/proc/${pid}/schedstat`, 'utf8'));
    return (runNs + waitNs) / 1e9;
  } catch {
    return undefined;
  }
}

/** The pids of `pid` and all its descendants (from /proc/<pid>/task/<tid>/children). */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const p = queue.shift()!;
    out.push(p);
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const children = readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim();
        if (children !== '') queue.push(...children.split(/\s+/).map(Number));
      } catch {
        // the thread ended
      }
    }
  }
  return out;
}

/** Running + runnable seconds summed over every thread of `pid`. */
function allThreadsBusyS(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { runNs, waitNs } = parseSchedstat(
        readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8'),
      );
      total += (runNs + waitNs) / 1e9;
    } catch {
      // the thread ended
    }
  }
  return total;
}

/**
 * A server and its child processes summed (a Gunicorn arbiter and its worker): CPU seconds
 * and memory over the tree; busy seconds from the root's main thread (`main`: an event loop)
 * or from every thread of the tree (`all`: a pool of request threads).
 */
export function sampleTree(pid: number, busyThreads: 'main' | 'all'): ProcessSample | undefined {
  const root = sampleProcess(pid);
  if (root === undefined) return undefined;
  const rest = processTree(pid).slice(1);
  let { cpuS, rssBytes, peakRssBytes } = root;
  for (const child of rest) {
    const s = sampleProcess(child);
    if (s === undefined) continue;
    cpuS += s.cpuS;
    rssBytes += s.rssBytes;
    peakRssBytes += s.peakRssBytes;
  }
  let busyS = root.busyS;
  if (busyThreads === 'all') {
    try {
      busyS = [pid, ...rest].reduce((a, p) => a + allThreadsBusyS(p), 0);
    } catch {
      busyS = undefined;
    }
  }
  return { cpuS, rssBytes, peakRssBytes, ...(busyS !== undefined && { busyS }) };
}
