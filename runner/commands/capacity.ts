/**
 * `stackbench capacity --slo 'p99<50ms'`: per stack, the highest open-model request rate that
 * holds the SLO and the error budget. A closed-model k6 probe finds each stack's peak; the
 * search starts at a fraction of it, steps the k6 arrival rate up, then bisects (plan.ts).
 * Every step is a fresh server. The steps are the latency-versus-rate curve; all of it goes
 * into results.json (`capacity[]`) after every step.
 */
import type { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { VALIDATION_MODES, type ValidationMode } from '../../servers/contract/schemas.js';
import { findStack, STACK_NAMES } from '../../servers/stacks.js';
import { searchCapacity, type CapacityStep } from '../capacity/search.js';
import { nextFixedStep, type CapacityPlan } from '../capacity/plan.js';
import {
  DEFAULT_BUDGET,
  evaluateStep,
  parseSlo,
  sloThresholds,
  type Slo,
} from '../capacity/slo.js';
import type { LoadDriver, LoadJob, LoadResult } from '../drivers/driver.js';
import { k6Driver, runK6WithThresholds } from '../drivers/k6.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { ISOLATIONS } from '../isolation/index.js';
import { resolveCpus, parseInteger, parseList, parseSeconds } from '../options.js';
import { writeResults } from '../results/io.js';
import type { Capacity } from '../results/schema.js';
import { loadScenarios, type LoadedScenario } from '../scenarios/load.js';
import { buildManifest } from '../run/manifest.js';
import { AbortedError, runTrial } from '../run/trial.js';
import { emptyResults, onInterrupt, pinSelf, runId } from '../run/session.js';

export interface CapacityOptions {
  slo?: string;
  stack?: string;
  scenario: string;
  validation: string;
  errorBudget: string;
  startRate?: string;
  startFraction: string;
  fractions?: string;
  growth: string;
  precision: string;
  maxRate: string;
  maxSteps: string;
  stepDuration: string;
  warmup: string;
  probeDuration: string;
  connections: string;
  timeout: string;
  seed: string;
  out?: string;
  serverCpus?: string;
  loadCpus?: string;
}

const parseNumber = (flag: string, value: string, min: number, max: number): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw usageError(`${flag}: expected a number from ${min} to ${max}, got "${value}"`);
  return n;
};

/** k6 with the SLO as thresholds, remembering the last result (dropped iterations included). */
function sloDriver(slo: Slo): LoadDriver & { last?: LoadResult } {
  const driver: LoadDriver & { last?: LoadResult } = {
    ...k6Driver,
    async run(job: LoadJob, hooks) {
      driver.last = undefined;
      const {
        numbers: _n,
        scriptFile: _f,
        ...result
      } = await runK6WithThresholds(job, sloThresholds(slo), hooks);
      driver.last = result;
      return result;
    },
  };
  return driver;
}

const fmtUs = (us: number) =>
  us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us)} µs`;

export async function capacity(options: CapacityOptions, argv: string[]): Promise<number> {
  if (options.slo === undefined) throw usageError("--slo: required, e.g. --slo 'p99<50ms'");
  let slo: Slo;
  try {
    slo = parseSlo(options.slo);
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const loaded = await loadScenarios();
  const stacks = options.stack ? parseList('--stack', options.stack, STACK_NAMES) : STACK_NAMES;
  const scenarios = parseList('--scenario', options.scenario, [...loaded.keys()]).map((n) =>
    loaded.get(n)!,
  );
  const validation = parseList('--validation', options.validation, VALIDATION_MODES);
  if (validation.length !== 1) throw usageError('--validation: give one mode');
  const budget = {
    ...DEFAULT_BUDGET,
    errorBudget: parseNumber('--error-budget', options.errorBudget, 0, 100) / 100,
  };
  const startRate =
    options.startRate === undefined
      ? undefined
      : parseNumber('--start-rate', options.startRate, 1, 10_000_000);
  const plan: Omit<CapacityPlan, 'startRps'> = {
    growth: parseNumber('--growth', options.growth, 1.01, 10),
    precision: parseNumber('--precision', options.precision, 0.001, 1),
    maxRps: parseNumber('--max-rate', options.maxRate, 1, 10_000_000),
    minRps: 1,
    maxSteps: parseInteger('--max-steps', options.maxSteps, 1, 100),
  };
  const fraction = parseNumber('--start-fraction', options.startFraction, 0.01, 10);
  const fractions = options.fractions
    ?.split(',')
    .map((f) => parseNumber('--fractions', f.trim(), 0.01, 10));
  if (fractions !== undefined && startRate !== undefined)
    throw usageError(
      '--fractions: fractions of the probed peak cannot be combined with --start-rate',
    );
  const stepS = parseSeconds('--step-duration', options.stepDuration, 1, 600);
  const warmupS = parseSeconds('--warmup', options.warmup, 0, 600);
  const probeS = parseSeconds('--probe-duration', options.probeDuration, 1, 600);
  const connections = parseInteger('--connections', options.connections, 1, 10_000);
  const timeoutS = parseSeconds('--timeout', options.timeout, 1, 600);
  const seed = parseInteger('--seed', options.seed, 0, 2 ** 31 - 1);
  const { serverCpus, loadCpus } = resolveCpus(options);

  const isolation = ISOLATIONS.process!;
  for (const missing of [await k6Driver.unavailable(), await isolation.unavailable()])
    if (missing !== undefined) throw new CliError(missing, EXIT.MISSING_TOOL);

  const started = new Date();
  const id = `capacity-${runId(started)}`;
  const outDir = resolve(options.out ?? join('results', id));
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'results.json');
  const baseJob = (scenario: LoadedScenario) => ({
    scenario,
    connections,
    pipelining: 1,
    warmupS,
    durationS: stepS,
    timeoutS,
    cpus: loadCpus,
    seed,
    scriptDir: outDir,
  });
  const results = emptyResults(
    id,
    started,
    buildManifest({
      driver: {
        name: 'k6',
        version: await k6Driver.version(),
        options: {
          ...k6Driver.options({ ...baseJob(scenarios[0]!), rate: 1 }),
          rate: 'stepped',
          slo: slo.text,
          errorBudgetPercent: budget.errorBudget * 100,
          growth: plan.growth,
          precision: plan.precision,
        },
      },
      isolation: isolation.name,
      cpus: { server: serverCpus ?? 'unpinned', load: loadCpus ?? 'unpinned' },
      profile: 'capacity',
      seed,
      rounds: 1,
      durationS: stepS,
      warmupS,
      scenarios: scenarios.map((s) => ({ name: s.scenario.name, hash: s.hash })),
      command: argv,
    }),
    { capacity: [] },
  );
  await writeResults(file, results);

  pinSelf(loadCpus);
  const interrupts = onInterrupt();
  const signal = interrupts.controller.signal;
  const driver = sloDriver(slo);
  let order = 0;
  const server = (stack: string) => ({
    stack,
    validation: validation[0] as ValidationMode,
    cpus: serverCpus,
  });
  try {
    for (const scenario of scenarios) {
      for (const stackName of stacks) {
        const stack = findStack(stackName)!;
        if (!(stack.validations as readonly string[]).includes(validation[0]!)) continue;
        let start = startRate;
        let peak: number | undefined;
        if (start === undefined) {
          console.log(
            `${stackName} ${scenario.scenario.name}: closed-model peak probe (k6, ${connections} VUs, ${probeS} s)…`,
          );
          const probe = await runTrial(
            { isolation, driver: k6Driver, signal },
            {
              id: `probe-${stackName}`,
              round: 1,
              order: ++order,
              server: server(stackName),
              job: { ...baseJob(scenario), durationS: probeS, warmupS: Math.min(1, warmupS) },
            },
          );
          peak = probe.metrics?.rps ?? 0;
          if (peak <= 0) {
            console.log(pc.red(`  probe failed (${probe.state}: ${probe.reason ?? ''}): skipping`));
            continue;
          }
          start = Math.max(1, peak * fraction);
          console.log(
            `  peak ${Math.round(peak)} req/s${probe.state === 'generator-bound' ? ' (generator-bound: k6 was the limit)' : ''}; ${fractions ? `rates at ${fractions.map((f) => `${Math.round(f * 100)} %`).join(', ')} of it` : `starting at ${Math.round(start)} req/s`}`,
          );
        }
        const entry: Capacity = {
          stack: stackName,
          scenario: scenario.scenario.name,
          validation: validation[0]!,
          driver: 'k6',
          slo: slo.text,
          sustainableRps: null,
          steps: [],
        };
        results.capacity!.push(entry);
        const measure = async (targetRps: number): Promise<CapacityStep> => {
          const trial = await runTrial(
            { isolation, driver, signal },
            {
              id: `capacity-${stackName}-${targetRps}`,
              round: 1,
              order: ++order,
              server: server(stackName),
              job: { ...baseJob(scenario), rate: targetRps },
            },
          );
          const m = trial.metrics;
          const dropped = driver.last?.dropped ?? 0;
          const zero = { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
          if (m === undefined || trial.state === 'crashed') {
            return {
              targetRps,
              achievedRps: 0,
              latencyUs: m?.latencyUs ?? zero,
              errors: 0,
              dropped,
              ok: false,
              reason: trial.reason ?? trial.state,
            };
          }
          const failures = m.errors + m.timeouts + m.unexpectedStatuses + dropped;
          const verdict = evaluateStep(slo, budget, {
            targetRps,
            achievedRps: m.rps,
            latencyUs: m.latencyUs,
            requests: m.requests - m.unexpectedStatuses,
            failures,
            generatorCpuPercent: m.generatorCpuPercent,
          });
          return {
            targetRps,
            achievedRps: m.rps,
            latencyUs: m.latencyUs,
            errors: failures - dropped,
            dropped,
            ok: verdict.ok,
            ...(!verdict.ok && { reason: verdict.reasons.join('; ') }),
            generatorCpuPercent: m.generatorCpuPercent,
          };
        };
        const rates = fractions?.map((f) => Math.max(1, f * peak!));
        const found = await searchCapacity(
          rates !== undefined
            ? (steps) => nextFixedStep(rates, steps)
            : { ...plan, startRps: start },
          measure,
          {
            onStep: async (step, phase) => {
              entry.steps.push(step);
              await writeResults(file, results);
              console.log(
                `  ${phase.padEnd(9)} ${String(Math.round(step.targetRps)).padStart(7)} req/s → ${String(Math.round(step.achievedRps)).padStart(7)} achieved, p50 ${fmtUs(step.latencyUs.p50)}, p99 ${fmtUs(step.latencyUs.p99)}: ${step.ok ? pc.green('ok') : pc.red(`broken (${step.reason})`)}`,
              );
            },
          },
          signal,
        );
        entry.sustainableRps = found.sustainableRps;
        if (found.flags.length > 0) entry.flags = found.flags;
        await writeResults(file, results);
        console.log(
          `  ${pc.bold(stackName)}: ${found.sustainableRps === null ? pc.red('no sustainable rate') : `${Math.round(found.sustainableRps)} req/s sustainable`} under ${slo.text} (${found.reason})${found.flags.includes('generator-bound') ? pc.yellow(' — generator-bound: a floor, the server may hold more') : ''}`,
        );
      }
    }
  } catch (error) {
    if (!(error instanceof AbortedError) && !signal.aborted) throw error;
  } finally {
    interrupts.dispose();
  }
  results.status = signal.aborted ? 'interrupted' : 'completed';
  if (!signal.aborted) results.finishedAt = new Date().toISOString();
  await writeResults(file, results);
  console.log(`\nResults: ${file}`);
  if (signal.aborted) return EXIT.INTERRUPTED;
  return results.capacity!.some((c) => c.sustainableRps !== null) ? EXIT.OK : EXIT.NO_VALID_RESULT;
}

export function register(program: Command): void {
  program
    .command('capacity')
    .description(
      'per stack, the highest open-model request rate (k6 constant-arrival-rate) that holds an SLO',
    )
    .option(
      '--slo <rules>',
      "latency objective, e.g. 'p99<50ms' or 'p50<5ms,p99.9<200ms' (required)",
    )
    .option('--stack <list>', `comma-separated stacks (default: all: ${STACK_NAMES.join(', ')})`)
    .option('--scenario <list>', 'comma-separated scenarios', 'json')
    .option('--validation <mode>', `one of ${VALIDATION_MODES.join(', ')}`, 'zod')
    .option('--error-budget <percent>', 'share of requests that may fail in a step', '0')
    .option(
      '--start-rate <rps>',
      'first rate to try (default: --start-fraction of the probed peak)',
    )
    .option(
      '--start-fraction <f>',
      "first rate as a fraction of the stack's closed-model peak",
      '0.5',
    )
    .option(
      '--fractions <list>',
      "instead of a search: these fractions of the stack's closed-model peak, e.g. 0.5,0.75,0.9",
    )
    .option('--growth <factor>', 'each step-up multiplies the rate by this', '1.5')
    .option('--precision <f>', 'stop bisecting when the bracket is within this fraction', '0.1')
    .option('--max-rate <rps>', 'never ask for more than this', '200000')
    .option('--max-steps <n>', 'at most this many steps per stack', '12')
    .option('--step-duration <s>', 'seconds measured at each rate', '3')
    .option('--warmup <s>', 'seconds at the same rate before each measured step', '1')
    .option('--probe-duration <s>', 'seconds of the closed-model peak probe', '3')
    .option('--connections <n>', 'VUs of the closed-model probe', '32')
    .option('--timeout <s>', 'seconds before a request counts as timed out', '10')
    .option('--seed <n>', 'seed for request variety', '1')
    .option('--out <dir>', 'write results here (default: results/capacity-<run-id>/)')
    .option('--server-cpus <list>', 'CPUs for the server (default: the last CPU)')
    .option('--load-cpus <list>', 'CPUs for k6 (default: the others)')
    .addHelpText(
      'after',
      `
  A step holds when every SLO percentile is met, failures (socket errors, timeouts, dropped
  iterations, unexpected statuses) stay within --error-budget, k6 achieved ≥ 90 % of the rate,
  and k6 stayed under 90 % of its CPU. Rates step up ×--growth from the start until a step
  breaks, then bisect. A search whose breaking step was generator-bound is flagged: the rate
  is a floor (k6 ran out of CPU before the server did).

  Examples:
    $ stackbench capacity --slo 'p99<50ms'
    $ stackbench capacity --slo 'p99<10ms' --stack node-http,fastify --scenario get-product
    $ stackbench capacity --slo 'p99<50ms' --fractions 0.5,0.75,0.9   # fixed open-model rates

  The peak is what k6 reaches in a closed model (--connections VUs) against a fresh server:
  when k6 itself is the limit there, the fractions are of k6's ceiling, and the probe says so.`,
    )
    .action(async (options: CapacityOptions) => {
      process.exitCode = await capacity(options, process.argv.slice(2));
    });
}
