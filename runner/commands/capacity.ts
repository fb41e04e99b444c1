/**
 * `stackbench capacity --slo 'p99<50ms'`: per stack, the highest open-model request rate that
 * holds the SLO and the error budget. A closed-model probe finds each stack's peak; the search
 * starts at a fraction of it, steps the arrival rate up, then bisects (capacity/plan.ts). Every
 * step is a fresh server and a trial of the measuring session; the steps are the
 * latency-versus-rate curve, all of it in results.json (`capacity[]`) after every step.
 */
import type { Command } from 'commander';
import { VALIDATION_MODES } from '../../servers/contract/schemas.js';
import { STACK_NAMES } from '../../servers/stacks.js';
import {
  CAPACITY_LOAD_DEFAULTS,
  type CapacityOptions,
  parseCapacityOptions,
} from '../capacity/options.js';
import { stackCapacity } from '../capacity/stack-capacity.js';
import { DEFAULT_OPEN_MODEL_DRIVER } from '../drivers/index.js';
import { loadScenarios } from '../scenarios/load.js';
import { addLoadFlags, driverNamed, isolationNamed } from '../run/load-flags.js';
import {
  checkCapabilities,
  checkTools,
  emptyResults,
  manifestFor,
  Session,
} from '../run/session.js';
import { DEFAULT_RULES } from '../run/validity.js';
import { DEFAULT_BUDGET } from '../capacity/slo.js';

export type { CapacityOptions };

export async function capacity(options: CapacityOptions, argv: string[]): Promise<number> {
  const loaded = await loadScenarios();
  const settings = parseCapacityOptions(options, loaded);
  const driver = driverNamed(options.driver, DEFAULT_OPEN_MODEL_DRIVER);
  const isolation = isolationNamed(options.isolation);
  checkCapabilities(driver, isolation, { openModel: 'capacity' });
  await checkTools([driver], isolation);

  const { slo, budget, plan, load } = settings;
  const session = await Session.open({
    kind: 'capacity',
    out: options.out,
    loadCpus: load.loadCpus,
    create: async (id, started) =>
      emptyResults(
        id,
        started,
        await manifestFor({
          driver,
          isolation,
          // The manifest describes the open model; each step's rate is in capacity[].
          settings: { ...load, rate: 1 },
          profile: 'capacity',
          rounds: 1,
          scenarios: settings.scenarios,
          argv,
          extraOptions: {
            rate: 'stepped',
            slo: slo.text,
            errorBudgetPercent: budget.errorBudget * 100,
            growth: plan.growth,
            precision: plan.precision,
          },
        }),
        { capacity: [] },
      ),
  });
  let order = 0;
  const ctx = { session, driver, isolation, settings, nextOrder: () => ++order };
  await session.measure(async () => {
    for (const scenario of settings.scenarios) {
      for (const stack of settings.stacks) {
        if (!stack.validations.includes(settings.validation)) continue;
        await stackCapacity(ctx, stack, scenario);
      }
    }
  });
  const results = await session.finish();
  console.log(`\nResults: ${session.file}`);
  return session.exitCode(results.capacity!.some((c) => c.sustainableRps !== null));
}

export function register(program: Command): void {
  const command = program
    .command('capacity')
    .description(
      'per stack, the highest open-model request rate (e.g. k6 constant-arrival-rate) that holds an SLO',
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
    .option('--probe-duration <s>', 'seconds of the closed-model peak probe', '3')
    .option('--out <dir>', 'write results here (default: results/capacity-<run-id>/)');
  addLoadFlags(command, {
    flags: [
      'warmup',
      'connections',
      'timeout',
      'seed',
      'serverCpus',
      'loadCpus',
      'driver',
      'isolation',
      'poll',
    ],
    defaults: {
      warmup: String(CAPACITY_LOAD_DEFAULTS.warmupS),
      connections: String(CAPACITY_LOAD_DEFAULTS.connections),
      driver: DEFAULT_OPEN_MODEL_DRIVER,
    },
    help: {
      warmup: 'seconds at the same rate before each measured step',
      connections: 'VUs of the closed-model probe',
      seed: 'seed for request variety',
      driver: 'load driver; it must have the open model',
    },
  })
    .addHelpText(
      'after',
      `
  A step holds when every SLO percentile is met, failures (socket errors, timeouts, dropped
  iterations, unexpected statuses) stay within --error-budget, the driver achieved ≥ ${100 * DEFAULT_BUDGET.minAchieved} % of
  the rate, and the driver passed the trials' own checks: under ${DEFAULT_RULES.generatorBoundPercent} % of its CPU (counting the time
  it waited for its CPU), at most ${DEFAULT_RULES.lateSendLimitPercent} % of its sends late at wake-ups that followed late ones (it
  kept up) and at most ${DEFAULT_RULES.stallLimitPercent} % late in all (host stalls). Rates step up ×--growth from the start until
  a step breaks, then bisect. A search whose breaking step was generator-bound is flagged: the
  rate is a floor (the driver ran out of CPU before the server did).

  Examples:
    $ stackbench capacity --slo 'p99<50ms'
    $ stackbench capacity --slo 'p99<10ms' --stack node-http,fastify --scenario get-product
    $ stackbench capacity --slo 'p99<50ms' --fractions 0.5,0.75,0.9   # fixed open-model rates

  The peak is what the driver reaches in a closed model (--connections VUs) against a fresh
  server: when the driver itself is the limit there, the fractions are of its ceiling, and the
  probe says so.`,
    )
    .action(async (options: CapacityOptions) => {
      process.exitCode = await capacity(options, process.argv.slice(2));
    });
}
