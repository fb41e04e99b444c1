/**
 * The bare autocannon command line (the one bundled with stackbench), pinned, with nothing of
 * ours in its loop: the yardstick the embedded generator's ceiling is measured against in
 * `stackbench drivers`. It sends one fixed request, so it runs only scenarios of a single step
 * without variables, saved responses or a body; anything else is refused, saying so.
 *
 * Latency: autocannon's own histogram, in whole milliseconds (so its resolution is 1 000 µs).
 * Generator CPU: the autocannon process's own user + system time, from the shell that ran it
 * (`times`), as for wrk. Warm-up and the measured window are two runs.
 */
import { createRequire } from 'node:module';
import { autocannonVersion } from './autocannon.js';
import type { DriverHooks, LoadDriver, LoadJob, LoadResult } from './driver.js';
import { placeholders } from './embedded/requests.js';
import { startTool } from './tool-process.js';
import { parseTimes } from './wrk.js';

const require = createRequire(import.meta.url);
const cliPath = () => require.resolve('autocannon/autocannon.js');

interface CliOutput {
  duration: number;
  errors: number;
  timeouts: number;
  requests: { total: number };
  throughput: { total: number };
  latency: Record<'p50' | 'p90' | 'p99' | 'p99_9' | 'max' | 'mean', number>;
  statusCodeStats?: Record<string, { count: number }>;
}

/** Why autocannon's CLI cannot run this scenario, or undefined when it can. */
export function cliRefusal(job: Pick<LoadJob, 'scenario' | 'rate'>): string | undefined {
  const { scenario } = job.scenario;
  const name = `scenario ${scenario.name}`;
  if (job.rate !== undefined)
    return 'autocannon-cli is a closed-model driver: for a request rate use --driver embedded';
  if (scenario.sequence.length !== 1)
    return `autocannon-cli sends one fixed request: ${name} has ${scenario.sequence.length} steps (use --driver embedded)`;
  const step = scenario.sequence[0]!;
  const { variables, saved } = placeholders(step);
  if (variables.size > 0 || saved.size > 0)
    return `autocannon-cli sends one fixed request: ${name} uses {${[...variables, ...saved].join('}, {')}} (use --driver embedded)`;
  if (step.body !== undefined || step.headers !== undefined)
    return `autocannon-cli sends one fixed request without a body or headers: ${name} has them (use --driver embedded)`;
  return undefined;
}

async function runCli(
  job: LoadJob,
  durationS: number,
  signal: AbortSignal | undefined,
): Promise<{ output: CliOutput; cpuS: number }> {
  const step = job.scenario.scenario.sequence[0]!;
  const args = [
    '-c',
    '"$0" "$@"; rc=$?; times >&2; exit $rc',
    process.execPath,
    cliPath(),
    '--connections',
    String(job.connections),
    '--pipelining',
    String(job.pipelining),
    '--duration',
    String(durationS),
    '--timeout',
    String(job.timeoutS),
    '--method',
    step.method,
    '--json',
    '--no-progress',
    new URL(step.path, job.url).href,
  ];
  const tool = startTool('bash', args, job.cpus);
  const onAbort = () => tool.kill();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const { code, signal: killed, stdout, stderr } = await tool.done;
    if (signal?.aborted) throw new Error('aborted');
    if (code !== 0)
      throw new Error(
        `autocannon exited (${killed ?? code}): ${(stderr || stdout).trim().slice(-800)}`,
      );
    const cpuS = parseTimes(stderr);
    if (cpuS === undefined) throw new Error(`no CPU times from the shell: ${stderr.slice(-300)}`);
    const json = stdout.slice(stdout.indexOf('{'));
    return { output: JSON.parse(json) as CliOutput, cpuS };
  } finally {
    signal?.removeEventListener('abort', onAbort);
    tool.kill();
  }
}

export const autocannonCliDriver: LoadDriver = {
  name: 'autocannon-cli',
  capabilities: {
    openModel: false,
    pipelining: true,
    windows: false,
    multiCore: false,
    polling: false,
    latencyResolutionUs: 1000,
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
      latencyResolution: 'ms (autocannon CLI histogram)',
      scope: 'single fixed request only',
    };
  },

  async run(job: LoadJob, hooks: DriverHooks = {}): Promise<LoadResult> {
    if (hooks.signal?.aborted) throw new Error('aborted');
    const refusal = cliRefusal(job);
    if (refusal !== undefined) throw new Error(refusal);
    if (job.warmupS > 0) await runCli(job, job.warmupS, hooks.signal);
    if (hooks.signal?.aborted) throw new Error('aborted');
    hooks.onMeasureStart?.();
    const { output, cpuS } = await runCli(job, job.durationS, hooks.signal);
    const statusCounts: Record<string, number> = {};
    for (const [status, { count }] of Object.entries(output.statusCodeStats ?? {}))
      if (count > 0) statusCounts[status] = count;
    const ms = (v: number | undefined) => (v ?? 0) * 1000;
    const l = output.latency;
    return {
      requests: output.requests.total,
      durationS: output.duration,
      latencyUs: {
        p50: ms(l.p50),
        p90: ms(l.p90),
        p99: ms(l.p99),
        p999: ms(l.p99_9),
        max: ms(l.max),
        mean: ms(l.mean),
      },
      statusCounts,
      errors: Math.max(0, output.errors - output.timeouts),
      timeouts: output.timeouts,
      bytes: output.throughput.total,
      generatorCpuS: cpuS,
      generatorCores: 1,
    };
  },
};
