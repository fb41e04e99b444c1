/** The embedded default driver: autocannon in a child process pinned to the load CPUs. */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { compiledFile } from '../paths.js';
import { tethered } from '../process/tethered.js';
import type { DriverHooks, LoadDriver, LoadJob, LoadResult } from './driver.js';
import type { WorkerJob } from './autocannon-worker.js';
import { AbortedError } from '../exit-codes.js';
import { ScenarioRunError } from '../scenarios/saved-field.js';

const require = createRequire(import.meta.url);

/** The installed autocannon's version (the embedded worker and the CLI driver run it). */
export async function autocannonVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(require.resolve('autocannon/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export const autocannonDriver: LoadDriver = {
  name: 'autocannon',
  capabilities: {
    openModel: false,
    pipelining: true,
    windows: false,
    multiCore: false,
    polling: false,
    latencyResolutionUs: 1,
  },

  version: autocannonVersion,

  async unavailable() {
    return undefined;
  },

  options(job) {
    return {
      connections: job.connections,
      pipelining: job.pipelining,
      timeoutS: job.timeoutS,
      model: 'closed',
      latencyResolution: 'µs (hrtime per response, HDR histogram)',
    };
  },

  async run(job: LoadJob, hooks: DriverHooks = {}): Promise<LoadResult> {
    // An abort that came before we started would never fire its event: check it now.
    if (hooks.signal?.aborted) throw new AbortedError();
    const workerJob: WorkerJob = {
      url: job.url,
      scenarioFile: job.scenario.file,
      scenarioText: job.scenario.text,
      connections: job.connections,
      pipelining: job.pipelining,
      warmupS: job.warmupS,
      durationS: job.durationS,
      timeoutS: job.timeoutS,
      seed: job.seed,
    };
    const worker = compiledFile('runner/drivers/autocannon-worker.js');
    const argv = [worker, JSON.stringify(workerJob)];
    const command = tethered(process.execPath, argv, { cpus: job.cpus });
    const child = spawn(command.file, command.args, {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: { ...process.env, ...command.env },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 16_000) stderr += chunk.toString();
    });
    const onAbort = () => child.kill('SIGKILL');
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await new Promise<LoadResult>((resolve, reject) => {
        let settled = false;
        type Message = { type: string; result?: LoadResult; message?: string; scenario?: boolean };
        child.on('message', (message: Message) => {
          if (message.type === 'measuring') hooks.onMeasureStart?.();
          else if (message.type === 'result' && message.result !== undefined) {
            settled = true;
            resolve(message.result);
          } else if (message.type === 'error') {
            settled = true;
            reject(
              message.scenario === true
                ? new ScenarioRunError(message.message ?? 'the scenario cannot go on')
                : new Error(`autocannon failed: ${message.message}`),
            );
          }
        });
        child.on('error', (error) => reject(error));
        child.on('exit', (code, signal) => {
          if (settled) return;
          if (hooks.signal?.aborted) reject(new AbortedError());
          else
            reject(
              new Error(
                `autocannon worker exited (${signal ?? code}) without a result: ${stderr.trim()}`,
              ),
            );
        });
      });
    } finally {
      hooks.signal?.removeEventListener('abort', onAbort);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  },
};
