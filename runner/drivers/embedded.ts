/**
 * The embedded generator: our own lean HTTP/1.1 client over `net` sockets, one pinned worker
 * process per load CPU (embedded/worker.ts), pre-rendered request bytes, latency in µs into
 * HDR histograms merged exactly across workers. Closed model (`connections` loops, pipelining
 * allowed for scenarios whose requests depend on nothing earlier) or open model (`job.rate`:
 * a fixed arrival rate, latency from each request's intended send time; a send with no free
 * connection is dropped, a late one still goes out and is counted late, and behind when the
 * wake-up before it was late too: embedded/pacing.ts). Measured windows are synchronised
 * across workers: the parent picks one absolute start time, every boundary follows from it.
 */
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { PROJECT_ROOT } from '../paths.js';
import { join } from 'node:path';
import { ScenarioRunError } from '../scenarios/saved-field.js';
import type { DriverHooks, LoadDriver, LoadJob, LoadResult, WindowResult } from './driver.js';
import { clockMs } from './embedded/clock.js';
import { meanDuration, mergeWindows, type WorkerWindow } from './embedded/merge.js';
import { planWorkers } from './embedded/plan.js';
import { spawnWorker } from './embedded/spawn.js';
import type { WorkerJob } from './embedded/worker.js';

/** How late an open-model send may be before it counts as late. */
export const OPEN_TOLERANCE_US = 10_000;
/** Time the workers get between the start order and the start. */
const START_LEAD_MS = 150;
const READY_TIMEOUT_MS = 20_000;

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'window'; index: number; window: WorkerWindow }
  | { type: 'done' }
  | { type: 'error'; message: string; scenario?: boolean };

export interface EmbeddedOptions {
  /** Workers to run (default: one per CPU of job.cpus). */
  workers?: number;
  /** Open model: how late a send may be before it counts as late, µs (default OPEN_TOLERANCE_US). */
  toleranceUs?: number;
}

/**
 * Whether the workers busy-poll: when the job asks, in the closed model only. The open model
 * keeps its timer: a vCPU that never halts is preempted by a busy host in longer slices, and
 * in this host's capacity searches polling made 1 % of sends leave over 10 ms late at
 * 200–400 req/s, failing steps that the sleeping generator held.
 */
export const polls = (job: Pick<LoadJob, 'poll' | 'rate'>): boolean =>
  job.poll === true && job.rate === undefined;

function validate(job: LoadJob): void {
  const bad = (field: string, expected: string, got: unknown) =>
    new Error(`${field}: expected ${expected}, got ${String(got)}`);
  if (!Number.isInteger(job.connections) || job.connections < 1)
    throw bad('connections', 'an integer ≥ 1', job.connections);
  if (!Number.isInteger(job.pipelining) || job.pipelining < 1)
    throw bad('pipelining', 'an integer ≥ 1', job.pipelining);
  if (job.rate !== undefined && !(job.rate > 0 && Number.isFinite(job.rate)))
    throw bad('rate', 'requests/s > 0', job.rate);
  if (job.rate !== undefined && job.pipelining !== 1)
    throw bad('pipelining', '1 with a rate (open model)', job.pipelining);
  if (!(job.durationS > 0)) throw bad('durationS', '> 0', job.durationS);
  if (!(job.warmupS >= 0)) throw bad('warmupS', '≥ 0', job.warmupS);
  const windows = job.windows ?? 1;
  if (!Number.isInteger(windows) || windows < 1) throw bad('windows', 'an integer ≥ 1', windows);
}

/** Runs the workers and merges what they saw. */
export async function runEmbedded(
  job: LoadJob,
  hooks: DriverHooks = {},
  options: EmbeddedOptions = {},
): Promise<LoadResult> {
  if (hooks.signal?.aborted) throw new Error('aborted');
  validate(job);
  const windows = job.windows ?? 1;
  const shares = planWorkers(job, options.workers);
  const open = job.rate !== undefined;
  const children: ChildProcess[] = shares.map((share, worker) => {
    const workerJob: WorkerJob = {
      url: job.url,
      scenarioFile: job.scenario.file,
      scenarioText: job.scenario.text,
      connections: share.connections,
      pipelining: job.pipelining,
      warmupS: job.warmupS,
      durationS: job.durationS,
      windows,
      timeoutS: job.timeoutS,
      seed: job.seed,
      worker,
      workers: shares.length,
      toleranceUs: options.toleranceUs ?? OPEN_TOLERANCE_US,
      ...(share.rate !== undefined && { rate: share.rate }),
      ...(polls(job) && { poll: true }),
    };
    return spawnWorker(workerJob, share.cpu);
  });
  const timers: NodeJS.Timeout[] = [];
  const killAll = () => {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  hooks.signal?.addEventListener('abort', killAll, { once: true });
  try {
    const reports: WorkerWindow[][] = shares.map(() => []);
    await new Promise<void>((resolve, reject) => {
      let ready = 0;
      let done = 0;
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        killAll();
        reject(error);
      };
      const readyTimer = setTimeout(
        () => fail(new Error(`embedded workers not ready after ${READY_TIMEOUT_MS / 1000} s`)),
        READY_TIMEOUT_MS,
      );
      timers.push(readyTimer);
      const start = () => {
        clearTimeout(readyTimer);
        const startAtMs = clockMs() + START_LEAD_MS;
        for (const child of children) child.send({ type: 'start', startAtMs });
        const measureAt = startAtMs + job.warmupS * 1000;
        const at = (ms: number, fn: () => void) =>
          timers.push(setTimeout(fn, Math.max(0, ms - clockMs())));
        at(measureAt, () => hooks.onMeasureStart?.());
        for (let i = 0; i < windows; i++)
          at(measureAt + (i + 1) * job.durationS * 1000, () => hooks.onWindowEnd?.(i));
      };
      children.forEach((child, w) => {
        let stderr = '';
        let finished = false;
        child.stderr?.on('data', (chunk: Buffer) => {
          if (stderr.length < 16_000) stderr += chunk.toString();
        });
        child.on('message', (message: WorkerMessage) => {
          if (message.type === 'ready') {
            if (++ready === children.length) start();
          } else if (message.type === 'window') reports[w]![message.index] = message.window;
          else if (message.type === 'done') {
            finished = true;
            if (++done === children.length) resolve();
          } else if (message.type === 'error')
            fail(
              message.scenario === true
                ? new ScenarioRunError(message.message)
                : new Error(`embedded worker ${w}: ${message.message}`),
            );
        });
        child.on('error', (error) => fail(error));
        child.on('exit', (code, signal) => {
          if (finished || failed) return;
          if (hooks.signal?.aborted) fail(new Error('aborted'));
          else
            fail(
              new Error(
                `embedded worker ${w} exited (${signal ?? code}) without its result: ${stderr.trim().slice(-800)}`,
              ),
            );
        });
      });
    });
    const perWindow: WindowResult[] = [];
    for (let i = 0; i < windows; i++) {
      const parts = reports.map((r, w) => {
        const part = r[i];
        if (part === undefined) throw new Error(`embedded worker ${w} did not report window ${i}`);
        return part;
      });
      perWindow.push(mergeWindows(parts, meanDuration(parts), shares.length, open));
    }
    const total = mergeWindows(
      reports.flat(),
      perWindow.reduce((s, w) => s + w.durationS, 0),
      shares.length,
      open,
    );
    return windows > 1 ? { ...total, windows: perWindow } : total;
  } finally {
    for (const t of timers) clearTimeout(t);
    hooks.signal?.removeEventListener('abort', killAll);
    killAll();
  }
}

export function createEmbeddedDriver(options: EmbeddedOptions = {}): LoadDriver {
  return {
    name: 'embedded',
    capabilities: {
      openModel: true,
      pipelining: true,
      windows: true,
      multiCore: true,
      polling: true,
      latencyResolutionUs: 1,
    },

    async version() {
      const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
        version: string;
      };
      return pkg.version;
    },

    async unavailable() {
      return undefined;
    },

    options(job) {
      const workers = planWorkers(job, options.workers).length;
      return {
        connections: job.connections,
        pipelining: job.pipelining,
        timeoutS: job.timeoutS,
        workers,
        model: job.rate === undefined ? 'closed' : 'open',
        poll: polls(job),
        ...(job.rate !== undefined && {
          rate: job.rate,
          lateToleranceMs: (options.toleranceUs ?? OPEN_TOLERANCE_US) / 1000,
        }),
        latencyResolution:
          job.rate === undefined
            ? 'µs (per request, write → complete response, HDR histogram)'
            : 'µs (per request, intended send time → complete response, HDR histogram)',
      };
    },

    run: (job, hooks) => runEmbedded(job, hooks, options),
  };
}

export const embeddedDriver: LoadDriver = createEmbeddedDriver();
