/**
 * `stackbench sweep`: how throughput and latency of every stack grow with the work —
 * connections (closed model, `--connections 1,8,32,128,512`) or arrival rates (open model,
 * `--rate 1000,2000,4000`) — each (stack, level) a fresh server, in interleaved seeded rounds,
 * with each cell's knee (runner/sweep/knee.ts). A measuring session like every command's:
 * results.json `sweep` after every trial; charts (one per scenario, knee marked) beside it.
 */
import type { Command } from 'commander';
import { basename } from 'node:path';
import pc from 'picocolors';
import { VALIDATION_MODES, type ValidationMode } from '../../servers/contract/schemas.js';
import { STACK_NAMES } from '../../servers/stacks.js';
import { writeReports } from '../../reports/index.js';
import { DEFAULT_DRIVER, DEFAULT_OPEN_MODEL_DRIVER, OPEN_MODEL_POOL } from '../drivers/index.js';
import { usageError } from '../exit-codes.js';
import { parseInteger, parseList, parseStacks } from '../options.js';
import type { Sweep } from '../results/schema.js';
import { loadScenarios } from '../scenarios/load.js';
import {
  addLoadFlags,
  driverNamed,
  isolationNamed,
  type LoadFlagValues,
  parseLoadFlags,
} from '../run/load-flags.js';
import { planCells, trialKey } from '../run/plan.js';
import { runPlannedTrials } from '../run/planned-trials.js';
import {
  checkCapabilities,
  checkTools,
  emptyResults,
  manifestFor,
  Session,
} from '../run/session.js';
import { assertConnectionsFit } from '../system/limits.js';
import { KNEE_DEFAULTS } from '../sweep/knee.js';
import { DEFAULT_CONNECTIONS, parseLevels, planSweep } from '../sweep/plan.js';
import { summarizeSweep } from '../sweep/summary.js';
import { sweepTable } from '../sweep/table.js';
import { verifyBeforeMeasure } from './verify.js';
import { formatsFrom } from './report.js';

export interface SweepOptions extends Omit<LoadFlagValues, 'connections' | 'rate'> {
  stack?: string;
  scenario: string;
  validation: string;
  connections?: string;
  rate?: string;
  maxConnections: string;
  rounds: string;
  out?: string;
  kneeGain: string;
  kneeLatency: string;
  verify: boolean;
  reports: string;
}

/** The sweep's own defaults for the shared flags: short windows, many levels. */
const SWEEP_DEFAULTS = { durationS: 2, warmupS: 1 };

const parseFraction = (flag: string, value: string): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100)
    throw usageError(`${flag}: expected a fraction such as 0.1 (= 10 %), got "${value}"`);
  return n;
};

export async function sweep(options: SweepOptions, argv: string[]): Promise<number> {
  if (options.connections !== undefined && options.rate !== undefined)
    throw usageError(
      '--connections and --rate: give one (closed model: connections; open model: arrival rates)',
    );
  const model: Sweep['model'] = options.rate !== undefined ? 'open' : 'closed';
  const levels =
    model === 'open'
      ? parseLevels('--rate', options.rate!, 1, 10_000_000)
      : options.connections !== undefined
        ? parseLevels('--connections', options.connections, 1, 100_000)
        : [...DEFAULT_CONNECTIONS];
  const driver = driverNamed(
    options.driver,
    model === 'open' ? DEFAULT_OPEN_MODEL_DRIVER : DEFAULT_DRIVER,
  );
  const isolation = isolationNamed(options.isolation);
  checkCapabilities(driver, isolation, model === 'open' ? { openModel: '--rate' } : {});
  const maxConnections = parseInteger('--max-connections', options.maxConnections, 1, 100_000);
  if (model === 'closed') await assertConnectionsFit('--connections', levels);
  else await assertConnectionsFit('--max-connections', [maxConnections]);

  const loaded = await loadScenarios();
  const stacks = parseStacks(options.stack);
  const scenarios = parseList('--scenario', options.scenario, [...loaded.keys()]).map((n) =>
    loaded.get(n)!,
  );
  const validations = parseList('--validation', options.validation, VALIDATION_MODES);
  if (validations.length !== 1)
    throw usageError(`--validation: expected one mode, got "${options.validation}"`);
  const rounds = parseInteger('--rounds', options.rounds, 1, 1000);
  // --connections and --rate are the sweep's lists, not the shared single-value flags.
  const load = parseLoadFlags(
    { ...options, connections: undefined, rate: undefined },
    { ...SWEEP_DEFAULTS, connections: levels[0]! },
  );
  const knee = {
    minThroughputGain: parseFraction('--knee-gain', options.kneeGain),
    minLatencyGrowth: parseFraction('--knee-latency', options.kneeLatency),
  };
  const reportFormats = options.reports === 'none' ? [] : formatsFrom(options.reports, '--reports');
  const cells = planCells(
    stacks,
    scenarios.map((s) => s.scenario),
    validations as ValidationMode[],
  );
  if (cells.length === 0)
    throw usageError('nothing to run: no stack supports the validation and scenarios asked for');
  await checkTools([driver], isolation);
  if (options.verify)
    await verifyBeforeMeasure(
      cells.map((c) => ({ stack: c.stack, validation: c.validation })),
      'refusing to measure stacks that fail the contract (see above)',
    );

  const plan = planSweep(cells, levels, rounds, load.seed);
  const data: Sweep = { model, levels, knee, plan, trials: [], summary: [], knees: [] };
  // Each trial's job: the level is its connections (closed) or its rate over a fixed pool (open).
  const levelLoad = (level: number) =>
    model === 'open'
      ? { ...load, connections: maxConnections, rate: level }
      : { ...load, connections: level };
  const session = await Session.open({
    kind: 'sweep',
    out: options.out,
    loadCpus: load.loadCpus,
    create: async (id, started) => ({
      ...emptyResults(
        id,
        started,
        await manifestFor({
          driver,
          isolation,
          settings: levelLoad(levels[0]!),
          profile: 'sweep',
          rounds,
          scenarios,
          argv,
          extraOptions: { [model === 'open' ? 'rate' : 'connections']: levels.join(',') },
        }),
      ),
      sweep: data,
    }),
  });
  console.log(
    `Sweeping ${cells.length} cell(s) over ${model === 'closed' ? 'connections' : 'offered req/s'} ${levels.join(', ')}: ${plan.length} trials (${rounds} rounds) → ${session.file}`,
  );
  const done = new Set<string>();
  await session.measure(async () => {
    await runPlannedTrials(
      { driver, isolation, scenarios: loaded, serverCpus: load.serverCpus, signal: session.signal },
      plan,
      {
        isDone: (p) => done.has(trialKey(p)),
        id: (p) => `s${p.round}-${p.order}-${p.stack}-${p.scenario}-${p.validation}-${p.level}`,
        job: (p, scenario) => {
          const l = levelLoad(p.level);
          return {
            scenario,
            connections: l.connections,
            pipelining: 1,
            warmupS: l.warmupS,
            durationS: l.durationS,
            timeoutS: l.timeoutS,
            cpus: l.loadCpus,
            scriptDir: session.dir,
            seed: l.seed + p.round * 1000 + p.order,
            ...(model === 'open' && { rate: p.level }),
            ...(l.poll === true && { poll: true }),
          };
        },
        onTrial: async (p, trial) => {
          data.trials.push({ ...trial, level: p.level });
          done.add(trialKey(p));
          Object.assign(data, summarizeSweep(data.trials, load.seed, knee));
          await session.save();
          const m = trial.metrics;
          console.log(
            `[${data.trials.length}/${plan.length}] round ${p.round} ${p.stack} ${p.scenario} @ ${p.level}${model === 'closed' ? ' conn' : ' req/s'}: ${m ? `${Math.round(m.rps)} req/s, p99 ${Math.round(m.latencyUs.p99)} µs` : '—'}, ${trial.state === 'valid' ? trial.state : pc.yellow(`${trial.state}${trial.reason ? ` (${trial.reason})` : ''}`)}`,
          );
        },
      },
    );
  });
  Object.assign(data, summarizeSweep(data.trials, load.seed, knee));
  const results = await session.finish();

  console.log(`\n${sweepTable(data)}\n\nResults: ${session.file}`);
  if (reportFormats.length > 0 && data.trials.length > 0) {
    const written = await writeReports([results], reportFormats, session.dir);
    console.log(`Reports: ${written.map((p) => basename(p)).join(', ')} in ${session.dir}`);
  }
  return session.exitCode(
    data.summary.length > 0 && !data.summary.some((p) => p.flags.includes('no-valid-trials')),
  );
}

export function register(program: Command): void {
  const command = program
    .command('sweep')
    .description(
      'throughput and latency of every stack as the work grows (connections or arrival rates), the knee marked',
    )
    .option('--stack <list>', `comma-separated stacks (default: all: ${STACK_NAMES.join(', ')})`)
    .option('--scenario <list>', 'comma-separated scenarios (one chart each)', 'json')
    .option('--validation <mode>', `one of ${VALIDATION_MODES.join(', ')}`, 'zod')
    .option(
      '--connections <list>',
      `closed model: connection counts (default ${DEFAULT_CONNECTIONS.join(',')})`,
    )
    .option('--rate <list>', 'open model: arrival rates in req/s, e.g. 1000,2000,4000,8000')
    .option(
      '--max-connections <n>',
      'open model: most connections the sender may open to hold a rate',
      String(OPEN_MODEL_POOL),
    )
    .option('--rounds <n>', 'rounds; each runs every stack at every level once, shuffled', '3')
    .option('--out <dir>', 'write results here (default: results/sweep-<run-id>/)')
    .option(
      '--knee-gain <f>',
      'knee: a step "gains nothing" below this throughput gain',
      String(KNEE_DEFAULTS.minThroughputGain),
    )
    .option(
      '--knee-latency <f>',
      'knee: … while p99 grows more than this',
      String(KNEE_DEFAULTS.minLatencyGrowth),
    )
    .option('--no-verify', 'skip the contract check before measuring (not recommended)')
    .option('--reports <list>', 'report formats beside results.json (or none)', 'md,html,png,svg');
  addLoadFlags(command, {
    flags: [
      'duration',
      'warmup',
      'timeout',
      'seed',
      'serverCpus',
      'loadCpus',
      'driver',
      'isolation',
      'poll',
    ],
    defaults: {
      duration: String(SWEEP_DEFAULTS.durationS),
      warmup: String(SWEEP_DEFAULTS.warmupS),
      driver: `${DEFAULT_DRIVER}; with --rate: ${DEFAULT_OPEN_MODEL_DRIVER}`,
    },
  })
    .addHelpText(
      'after',
      `
  The knee is the last level before the first step where throughput gained less than
  --knee-gain (10 %) while p99 grew more than --knee-latency (50 %): one step further buys
  latency, not throughput. Connection counts the OS cannot open (open-files limit, ephemeral
  ports) are refused before any load, with how to raise the limit.

  Examples:
    $ stackbench sweep                                         # 1,8,32,128,512 connections, json
    $ stackbench sweep --scenario get-product --stack node-http,express
    $ stackbench sweep --rate 1000,2000,4000,8000 --scenario get-product   # open model`,
    )
    .action(async (options: SweepOptions) => {
      process.exitCode = await sweep(options, process.argv.slice(2));
    });
}
