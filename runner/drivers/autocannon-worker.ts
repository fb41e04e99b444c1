/**
 * The autocannon load generator, run as its own (pinned) process so that its CPU is its
 * own and measurable. Latency is recorded per response into an HDR histogram in
 * MICROseconds: autocannon's own histogram holds whole milliseconds and only 2xx.
 *
 * Protocol: argv[2] is a JSON WorkerJob; it sends {type:'measuring'} when the measured window
 * starts and {type:'result', result} at the end, over the IPC channel; {type:'error', message}
 * on failure, with `scenario: true` when the scenario cannot go on (a saved field missing).
 */
import autocannon from 'autocannon';
import * as hdr from 'hdr-histogram-js';
import { parseScenario } from '../scenarios/load.js';
import { compileScenario, type ConnectionState } from '../scenarios/render.js';
import { saveResponse, ScenarioRunError } from '../scenarios/saved-field.js';
import { createRng } from '../stats/random.js';
import type { LoadResult } from './driver.js';

export interface WorkerJob {
  url: string;
  scenarioFile: string;
  scenarioText: string;
  connections: number;
  pipelining: number;
  warmupS: number;
  durationS: number;
  timeoutS: number;
  seed: number;
}

type Context = { state?: ConnectionState };

/** What the worker does when a request cannot be rendered (it reports, then exits). */
type OnScenarioError = (error: ScenarioRunError) => void;

function requestsFor(job: WorkerJob, seedOffset: number, onScenarioError: OnScenarioError) {
  const { scenario } = parseScenario(job.scenarioFile, job.scenarioText);
  const steps = compileScenario(scenario);
  let connections = 0;
  const stateOf = (context: Context): ConnectionState => {
    if (context.state === undefined) {
      const connection = ++connections;
      context.state = {
        rng: createRng(job.seed + seedOffset + connection * 7919),
        connection,
        counter: 0,
        saved: {},
      };
    }
    return context.state;
  };
  return steps.map(({ step, render }) => ({
    method: step.method,
    path: step.path,
    setupRequest: (req: Record<string, unknown>, context: Context) => {
      let r;
      try {
        r = render(stateOf(context));
      } catch (error) {
        if (!(error instanceof ScenarioRunError)) throw error;
        onScenarioError(error);
        // No request: autocannon restarts this connection's sequence until the worker exits.
        return null;
      }
      return { ...req, method: r.method, path: r.path, headers: r.headers ?? {}, body: r.body };
    },
    ...(step.save !== undefined && {
      onResponse: (_status: number, body: string, context: Context) =>
        saveResponse(stateOf(context).saved, step.save!, body),
    }),
  }));
}

function options(
  job: WorkerJob,
  durationS: number,
  seedOffset: number,
  onScenarioError: OnScenarioError,
): autocannon.Options {
  return {
    url: job.url,
    connections: job.connections,
    pipelining: job.pipelining,
    duration: durationS,
    timeout: job.timeoutS,
    // Requests carry their own templates; autocannon's defaults must not add any.
    requests: requestsFor(job, seedOffset, onScenarioError) as unknown as autocannon.Request[],
  };
}

const runOnce = (
  opts: autocannon.Options,
  onResponse?: (status: number, bytes: number, ms: number) => void,
) =>
  new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(opts, (error: Error | null, result: autocannon.Result) =>
      error ? reject(error) : resolve(result),
    );
    if (onResponse !== undefined) {
      instance.on('response', (_client: unknown, status: number, bytes: number, ms: number) =>
        onResponse(status, bytes, ms),
      );
    }
    process.once('SIGTERM', () => instance.stop());
  });

/** Reports the scenario error once over IPC, then exits (the parent re-creates the error). */
const exitWithScenarioError: OnScenarioError = (() => {
  let reported = false;
  return (error) => {
    if (reported) return;
    reported = true;
    const message = { type: 'error', message: error.message, scenario: true };
    if (process.send === undefined) throw error;
    process.send(message, () => process.exit(1));
  };
})();

export async function runWorker(
  job: WorkerJob,
  send: (message: unknown) => void,
  onScenarioError: OnScenarioError = exitWithScenarioError,
): Promise<LoadResult> {
  if (job.warmupS > 0) await runOnce(options(job, job.warmupS, 1_000_003, onScenarioError));

  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const statusCounts: Record<string, number> = {};
  let responses = 0;
  let bytes = 0;
  const opts = options(job, job.durationS, 0, onScenarioError);
  send({ type: 'measuring' });
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  const result = await runOnce(opts, (status, size, ms) => {
    responses++;
    bytes += size;
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
    histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  });
  const wallS = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return {
    requests: responses,
    durationS: wallS,
    latencyUs: {
      p50: histogram.getValueAtPercentile(50),
      p90: histogram.getValueAtPercentile(90),
      p99: histogram.getValueAtPercentile(99),
      p999: histogram.getValueAtPercentile(99.9),
      max: histogram.maxValue,
      mean: responses === 0 ? 0 : histogram.mean,
    },
    statusCounts,
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    bytes,
    generatorCpuS: (cpu.user + cpu.system) / 1e6,
    generatorCores: 1,
  };
}

if (process.send !== undefined && process.argv[2] !== undefined) {
  const send = (m: unknown) => process.send?.(m);
  runWorker(JSON.parse(process.argv[2]) as WorkerJob, send).then(
    (result) => {
      send({ type: 'result', result });
      process.disconnect?.();
    },
    (error: Error) => {
      send({ type: 'error', message: error.message });
      process.disconnect?.();
    },
  );
}
