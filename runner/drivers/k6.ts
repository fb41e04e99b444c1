/**
 * k6 (Go): the scenario compiled to a readable k6 script (k6-script.ts), kept in the run
 * folder when the job names one. Closed model (`constant-vus`, one VU per connection) by
 * default; open model (`constant-arrival-rate`) when the job has a `rate`, so queueing delay
 * shows in the latency instead of slowing the generator down (no coordinated omission).
 *
 * Latency: k6's http_req_duration (sending + waiting + receiving, nanosecond timer, reported in
 * ms with fractions), every sample kept, so p50/p90/p99/p99.9 are exact; stackbench stores µs.
 * Generator CPU: the k6 process's utime + stime from /proc between the script's
 * "measuring" log line (first measured iteration) and its teardown line. A trial is invalid
 * when k6 dropped iterations (open model: it could not start them on time) — they are added
 * to `errors` — or a check failed (a status the step does not expect, counted in statuses).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleProcess, type ProcessSample } from '../sampling/proc.js';
import type { DriverHooks, LoadDriver, LoadJob, LoadResult } from './driver.js';
import {
  K6_MEASURED,
  K6_MEASURING,
  k6Script,
  scriptMeta,
  vuPool,
  type K6Load,
} from './k6-script.js';
import { k6Numbers, parseK6Summary, type K6Numbers } from './k6-summary.js';
import { capture, coresOf, findExecutable, startTool } from './tool-process.js';
import { AbortedError } from '../exit-codes.js';
import { reportedMissingField } from '../scenarios/saved-field.js';
import { sloThresholds } from '../capacity/slo.js';

/** The k6 version `npm run setup:k6` installs (scripts/setup-k6.sh pins the same). */
export const K6_VERSION = 'v1.8.1';
/** k6's exit code when the script aborted the test (exec.test.abort). */
const K6_ABORTED = 108;

export const K6_INSTALL = `k6 is not installed: run \`npm run setup:k6\` (builds ${K6_VERSION} with \`go install go.k6.io/k6@${K6_VERSION}\`), or install an official package: https://grafana.com/docs/k6/latest/set-up/install-k6/ (Debian/Ubuntu apt repository dl.k6.io, \`brew install k6\`, \`winget install k6\`, or the grafana/k6 Docker image)`;

let goBin: Promise<string | undefined> | undefined;

/** `$(go env GOPATH)/bin`, where `go install` puts k6 (cached; undefined without Go). */
function goBinDir(): Promise<string | undefined> {
  goBin ??= new Promise((resolve) => {
    execFile('go', ['env', 'GOPATH'], { timeout: 10_000 }, (error, stdout) => {
      const gopath = String(stdout).trim().split(':')[0];
      resolve(error || !gopath ? join(homedir(), 'go', 'bin') : join(gopath, 'bin'));
    });
  });
  return goBin;
}

/** The k6 binary: K6_BIN, else PATH, else Go's bin folder. */
export async function k6Path(): Promise<string | undefined> {
  if (process.env.K6_BIN) return process.env.K6_BIN;
  const dir = await goBinDir();
  return findExecutable('k6', dir === undefined ? [] : [dir]);
}

export function k6Load(job: Pick<LoadJob, 'rate' | 'connections'>): K6Load {
  return job.rate === undefined
    ? { model: 'closed', vus: job.connections }
    : { model: 'open', rate: job.rate, ...vuPool(job.rate) };
}

interface K6RunOptions {
  /** Extra thresholds on the measured window (e.g. an SLO). */
  thresholds?: Record<string, string[]>;
}

export interface K6Result extends LoadResult {
  numbers: K6Numbers;
  scriptFile: string;
}

async function runK6(
  job: LoadJob,
  hooks: DriverHooks,
  extra: K6RunOptions = {},
): Promise<K6Result> {
  const k6 = await k6Path();
  if (k6 === undefined) throw new Error(K6_INSTALL);
  const load = k6Load(job);
  const name = job.scenario.scenario.name;
  const temp = await mkdtemp(join(tmpdir(), 'stackbench-k6-'));
  try {
    const dir = job.scriptDir === undefined ? temp : join(job.scriptDir, 'k6');
    await mkdir(dir, { recursive: true });
    const label = load.model === 'open' ? `-${Math.round(load.rate)}rps` : `-${load.vus}vus`;
    const scriptFile = join(dir, `${name}${label}.k6.js`);
    const summaryFile = join(temp, 'summary.json');
    await writeFile(
      scriptFile,
      k6Script(job.scenario.scenario, {
        load,
        warmupS: job.warmupS,
        durationS: job.durationS,
        timeoutS: job.timeoutS,
        thresholds: extra.thresholds,
        source: `${job.scenario.file}, sha ${job.scenario.hash}`,
        baseUrl: job.url,
        meta: scriptMeta(job.scenario.scenario, job.scenario.hash, {
          load,
          durationS: job.durationS,
          warmupS: job.warmupS,
        }),
      }),
    );
    const args = ['run', '--quiet', '--no-color', '--log-format=raw', scriptFile];
    const tool = startTool(k6, args, job.cpus, {
      BASE_URL: job.url,
      SEED: String(job.seed),
      SUMMARY_FILE: summaryFile,
      K6_NO_USAGE_REPORT: 'true',
    });
    let start: ProcessSample | undefined;
    let end: ProcessSample | undefined;
    let last: ProcessSample | undefined;
    const poll = setInterval(() => {
      if (start !== undefined && end === undefined) last = sampleProcess(tool.pid) ?? last;
    }, 100);
    tool.onStderrLine((line) => {
      if (line.includes(K6_MEASURING) && start === undefined) {
        start = sampleProcess(tool.pid);
        hooks.onMeasureStart?.();
      } else if (line.includes(K6_MEASURED) && end === undefined) {
        end = sampleProcess(tool.pid);
      }
    });
    const onAbort = () => tool.kill();
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    let outcome;
    try {
      outcome = await tool.done;
    } finally {
      clearInterval(poll);
      hooks.signal?.removeEventListener('abort', onAbort);
      tool.kill();
    }
    if (hooks.signal?.aborted) throw new AbortedError();
    // 108: the script aborted the test; it says why when a saved field was missing.
    const missing =
      outcome.code === K6_ABORTED
        ? reportedMissingField(job.scenario.scenario, outcome.stderr)
        : undefined;
    if (missing !== undefined) throw missing;
    // 0: every threshold passed; 99: some failed (the summary says which): both measured.
    if (outcome.code !== 0 && outcome.code !== 99) {
      throw new Error(
        `k6 exited (${outcome.signal ?? outcome.code}): ${outcome.stderr.trim().slice(-800)}`,
      );
    }
    let summaryText: string;
    try {
      summaryText = await readFile(summaryFile, 'utf8');
    } catch {
      throw new Error(`k6 wrote no summary: ${outcome.stderr.trim().slice(-800)}`);
    }
    const numbers = k6Numbers(parseK6Summary(JSON.parse(summaryText)));
    const cpuEnd = end ?? last;
    if (start === undefined) throw new Error('k6 never started the measured window');
    return {
      requests: numbers.requests,
      durationS: job.durationS,
      latencyUs: numbers.latencyUs,
      statusCounts: numbers.statusCounts,
      errors: numbers.errors,
      timeouts: numbers.timeouts,
      bytes: numbers.bytes,
      generatorCpuS: cpuEnd === undefined ? 0 : Math.max(0, cpuEnd.cpuS - start.cpuS),
      generatorCores: coresOf(job.cpus),
      dropped: numbers.dropped,
      numbers,
      scriptFile,
    };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** One k6 run with extra thresholds (the capacity search's SLO), with every k6 number. */
export const runK6WithThresholds = (
  job: LoadJob,
  thresholds: Record<string, string[]>,
  hooks: DriverHooks = {},
): Promise<K6Result> => runK6(job, hooks, { thresholds });

export const k6Driver: LoadDriver = {
  name: 'k6',
  capabilities: {
    openModel: true,
    pipelining: false,
    windows: false,
    multiCore: true,
    polling: false,
    latencyResolutionUs: 1,
  },

  async version() {
    const k6 = await k6Path();
    if (k6 === undefined) return 'missing';
    const text = await capture(k6, ['version']).catch((e: Error) => e.message);
    return /k6 (v\S+)/.exec(text)?.[1] ?? 'unknown';
  },

  async unavailable() {
    return (await k6Path()) === undefined ? K6_INSTALL : undefined;
  },

  options(job) {
    const load = k6Load(job);
    return {
      connections: job.connections,
      pipelining: job.pipelining,
      timeoutS: job.timeoutS,
      model: load.model,
      ...(load.model === 'open'
        ? {
            executor: 'constant-arrival-rate',
            rate: load.rate,
            preAllocatedVUs: load.preAllocatedVUs,
            maxVUs: load.maxVUs,
          }
        : { executor: 'constant-vus', vus: load.vus }),
      latencyResolution: 'µs (k6 http_req_duration, ns timer, every sample kept)',
    };
  },

  async run(job: LoadJob, hooks: DriverHooks = {}): Promise<LoadResult> {
    const extra = job.objectives ? { thresholds: sloThresholds({ rules: job.objectives }) } : {};
    const { numbers: _numbers, scriptFile: _file, ...result } = await runK6(job, hooks, extra);
    return result;
  },
};
