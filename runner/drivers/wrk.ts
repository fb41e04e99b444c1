/**
 * wrk (Debian's wrk 4.x, C + LuaJIT, epoll): a closed model like autocannon, but
 * multi-threaded C, so it saturates later. The scenario becomes a Lua script (wrk-lua.ts);
 * warm-up and the measured window are two wrk runs, as with autocannon.
 *
 * Latency: wrk times each request from its write to its complete response in whole
 * microseconds (its own stats array, exact percentiles). Statuses: counted per thread in
 * response() and merged in done(). Generator CPU: the measured wrk process's own user + system
 * time, reported by the shell that ran it (`times`, 1 ms resolution), so nothing is missed
 * at the end of the window. wrk takes whole seconds, so windows round up to the next second
 * (the reported duration is wrk's own).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverHooks, LoadDriver, LoadJob, LoadResult } from './driver.js';
import { capture, coresOf, findExecutable, startTool } from './tool-process.js';
import { parseWrkOutput, WRK_MISSING_EXIT, wrkScript } from './wrk-lua.js';
import { reportedMissingField } from '../scenarios/saved-field.js';
import { AbortedError } from '../exit-codes.js';

export const WRK_INSTALL =
  'wrk is not installed: run `npm run setup:wrk` (Debian/Ubuntu: `sudo apt-get install -y wrk`; macOS: `brew install wrk`; else build https://github.com/wg/wrk)';

const wrkPath = () => findExecutable('wrk');

/** Threads: one per generator core, never more than connections (wrk requires that). */
export const wrkThreads = (job: Pick<LoadJob, 'cpus' | 'connections'>): number =>
  Math.max(1, Math.min(coresOf(job.cpus), job.connections));

const wholeSeconds = (s: number) => Math.max(1, Math.ceil(s - 1e-9));

/** `times` prints the shell's then its children's user and system time: `0m1.234s 0m0.567s`. */
export function parseTimes(stderr: string): number | undefined {
  const lines = stderr
    .trim()
    .split('\n')
    .filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l.trim()));
  const children = lines.at(-1);
  if (children === undefined) return undefined;
  let total = 0;
  for (const [, m, s] of children.matchAll(/(\d+)m([\d.]+)s/g)) total += Number(m) * 60 + Number(s);
  return total;
}

interface WrkRun {
  output: ReturnType<typeof parseWrkOutput>;
  cpuS: number;
}

/** wrk refuses to start when its first connection fails: that is every connection failing. */
const refused = (job: LoadJob, cpuS: number): WrkRun => ({
  output: {
    durationUs: Math.max(1, job.durationS) * 1e6,
    requests: 0,
    bytes: 0,
    errors: { connect: job.connections, read: 0, write: 0, status: 0, timeout: 0 },
    latencyUs: { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 },
    statuses: {},
    owed: 0,
  },
  cpuS,
});

async function runWrk(
  wrk: string,
  job: LoadJob,
  script: string,
  durationS: number,
  signal: AbortSignal | undefined,
): Promise<WrkRun> {
  const args = [
    '-c',
    '"$0" "$@"; rc=$?; times >&2; exit $rc',
    wrk,
    '--threads',
    String(wrkThreads(job)),
    '--connections',
    String(job.connections),
    '--duration',
    `${wholeSeconds(durationS)}s`,
    '--timeout',
    `${wholeSeconds(job.timeoutS)}s`,
    '--script',
    script,
    job.url,
  ];
  const tool = startTool('bash', args, job.cpus);
  const onAbort = () => tool.kill();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { code, signal: killed, stdout, stderr } = await tool.done;
    if (signal?.aborted) throw new AbortedError();
    const missing =
      code === WRK_MISSING_EXIT ? reportedMissingField(job.scenario.scenario, stderr) : undefined;
    if (missing !== undefined) throw missing;
    if (code === 1 && /unable to connect/.test(stdout + stderr))
      return refused(job, parseTimes(stderr) ?? 0);
    if (code !== 0)
      throw new Error(`wrk exited (${killed ?? code}): ${(stderr || stdout).trim().slice(-800)}`);
    const output = parseWrkOutput(stdout);
    const cpuS = parseTimes(stderr);
    if (cpuS === undefined) throw new Error(`no CPU times from the shell: ${stderr.slice(-300)}`);
    return { output, cpuS };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    tool.kill();
  }
}

export const wrkDriver: LoadDriver = {
  name: 'wrk',
  capabilities: {
    openModel: false,
    pipelining: false,
    windows: false,
    multiCore: true,
    polling: false,
    latencyResolutionUs: 1,
  },

  async version() {
    const wrk = await wrkPath();
    if (wrk === undefined) return 'missing';
    // `wrk -v` prints its banner and usage, and exits 1.
    const text = await capture(wrk, ['-v']).catch((e: Error) => e.message);
    return /\bwrk ([^\s]*\d+\.\d+[^\s]*)/.exec(text)?.[1] ?? 'unknown';
  },

  async unavailable() {
    return (await wrkPath()) === undefined ? WRK_INSTALL : undefined;
  },

  options(job) {
    return {
      connections: job.connections,
      pipelining: job.pipelining,
      threads: wrkThreads(job),
      timeoutS: wholeSeconds(job.timeoutS),
      model: 'closed',
      latencyResolution: 'µs (wrk stats, per request write → response)',
    };
  },

  async run(job: LoadJob, hooks: DriverHooks = {}): Promise<LoadResult> {
    const wrk = await wrkPath();
    if (wrk === undefined) throw new Error(WRK_INSTALL);
    // The open model and pipelining are capabilities wrk does not declare: the session refuses
    // them before a job gets here (docs/design.md §9).
    const dir = await mkdtemp(join(tmpdir(), 'stackbench-wrk-'));
    try {
      const source = `${job.scenario.file}, sha ${job.scenario.hash}`;
      const warm = join(dir, `${job.scenario.scenario.name}-warmup.lua`);
      const measured = join(dir, `${job.scenario.scenario.name}.lua`);
      await writeFile(
        warm,
        wrkScript(job.scenario.scenario, { seed: job.seed + 1_000_003, source }),
      );
      await writeFile(measured, wrkScript(job.scenario.scenario, { seed: job.seed, source }));
      if (job.warmupS > 0) await runWrk(wrk, job, warm, job.warmupS, hooks.signal);
      if (hooks.signal?.aborted) throw new AbortedError();
      hooks.onMeasureStart?.();
      const { output, cpuS } = await runWrk(wrk, job, measured, job.durationS, hooks.signal);
      const e = output.errors;
      return {
        requests: Math.round(output.requests),
        durationS: output.durationUs / 1e6,
        latencyUs: output.latencyUs,
        statusCounts: output.statuses,
        errors: e.connect + e.read + e.write,
        timeouts: e.timeout,
        bytes: Math.round(output.bytes),
        generatorCpuS: cpuS,
        generatorCores: Math.min(wrkThreads(job), coresOf(job.cpus)),
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
};
