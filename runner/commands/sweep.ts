/**
 * `stackbench sweep`: how throughput and latency of every stack grow with the work —
 * connections (closed model, `--connections 1,8,32,128,512`) or arrival rates (open model,
 * `--rate 1000,2000,4000`) — each (stack, level) a fresh server, in interleaved seeded rounds,
 * with each cell's knee (runner/sweep/knee.ts). Results go into results.json `sweep` after
 * every trial; charts (one per scenario, knee marked) beside it.
 */
import type { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import pc from 'picocolors';
import { VALIDATION_MODES, type ValidationMode } from '../../servers/contract/schemas.js';
import { findStack, STACK_NAMES } from '../../servers/stacks.js';
import { writeReports } from '../../reports/index.js';
import { DRIVERS } from '../drivers/index.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { ISOLATIONS } from '../isolation/index.js';
import { parseInteger, parseList, parseSeconds, resolveCpus } from '../options.js';
import { writeResults } from '../results/io.js';
import type { Results, Sweep } from '../results/schema.js';
import { loadScenarios } from '../scenarios/load.js';
import { DEFAULT_OPEN_MODEL_DRIVER } from '../run/equal-load-phase.js';
import { buildManifest } from '../run/manifest.js';
import { planCells, trialKey } from '../run/plan.js';
import { runPlannedTrials } from '../run/planned-trials.js';
import { emptyResults, onInterrupt, pinSelf, pointLatest, runId } from '../run/session.js';
import { assertConnectionsFit } from '../system/limits.js';
import { KNEE_DEFAULTS } from '../sweep/knee.js';
import { DEFAULT_CONNECTIONS, parseLevels, planSweep } from '../sweep/plan.js';
import { summarizeSweep } from '../sweep/summary.js';
import { sweepTable } from '../sweep/table.js';
import { verifyStacks, printVerify } from './verify.js';
import { formatsFrom } from './report.js';

export interface SweepOptions {
  stack?: string;
  scenario: string;
  validation: string;
  connections?: string;
  rate?: string;
  maxConnections: string;
  rounds: string;
  duration: string;
  warmup: string;
  timeout: string;
  seed: string;
  driver?: string;
  isolation: string;
  out?: string;
  serverCpus?: string;
  loadCpus?: string;
  kneeGain: string;
  kneeLatency: string;
  verify: boolean;
  reports: string;
}

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
  const driverName =
    options.driver ?? (model === 'open' ? DEFAULT_OPEN_MODEL_DRIVER : 'autocannon');
  const driver = DRIVERS[driverName];
  if (driver === undefined)
    throw usageError(
      `--driver: expected one of ${Object.keys(DRIVERS).join(', ')}, got "${driverName}"`,
    );
  if (model === 'open' && !driver.capabilities.openModel)
    throw usageError(`--rate: needs a driver with the open model; ${driver.name} has none`);
  const isolation = ISOLATIONS[options.isolation];
  if (isolation === undefined)
    throw usageError(
      `--isolation: expected one of ${Object.keys(ISOLATIONS).join(', ')}, got "${options.isolation}"`,
    );
  const maxConnections = parseInteger('--max-connections', options.maxConnections, 1, 100_000);
  if (model === 'closed') await assertConnectionsFit('--connections', levels);
  else await assertConnectionsFit('--max-connections', [maxConnections]);

  const loaded = await loadScenarios();
  const stacks = (
    options.stack ? parseList('--stack', options.stack, STACK_NAMES) : STACK_NAMES
  ).map((n) => findStack(n)!);
  const scenarios = parseList('--scenario', options.scenario, [...loaded.keys()]).map((n) =>
    loaded.get(n)!,
  );
  const validations = parseList('--validation', options.validation, VALIDATION_MODES);
  if (validations.length !== 1)
    throw usageError(`--validation: expected one mode, got "${options.validation}"`);
  const rounds = parseInteger('--rounds', options.rounds, 1, 1000);
  const durationS = parseSeconds('--duration', options.duration, 0.5, 3600);
  const warmupS = parseSeconds('--warmup', options.warmup, 0, 600);
  const timeoutS = parseSeconds('--timeout', options.timeout, 0.1, 600);
  const seed = parseInteger('--seed', options.seed, 0, 2 ** 31 - 1);
  const knee = {
    minThroughputGain: parseFraction('--knee-gain', options.kneeGain),
    minLatencyGrowth: parseFraction('--knee-latency', options.kneeLatency),
  };
  const reportFormats = options.reports === 'none' ? [] : formatsFrom(options.reports, '--reports');
  const { serverCpus, loadCpus } = resolveCpus(options);
  const cells = planCells(
    stacks,
    scenarios.map((s) => s.scenario),
    validations as ValidationMode[],
  );
  if (cells.length === 0)
    throw usageError('nothing to run: no stack supports the validation and scenarios asked for');
  for (const missing of [await driver.unavailable(), await isolation.unavailable()])
    if (missing !== undefined) throw new CliError(missing, EXIT.MISSING_TOOL);
  await isolation.cleanup?.();

  if (options.verify) {
    const verified = await verifyStacks(
      cells.map((c) => ({ stack: c.stack, validation: c.validation })),
    );
    if (verified.some((v) => !v.ok)) {
      printVerify(verified);
      throw new CliError(
        'refusing to measure stacks that fail the contract (see above)',
        EXIT.FAILED,
      );
    }
  }

  const started = new Date();
  const id = `sweep-${runId(started)}`;
  const outDir = resolve(options.out ?? join('results', id));
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'results.json');
  const job = (connections: number, rate?: number) => ({
    connections,
    pipelining: 1,
    warmupS,
    durationS,
    timeoutS,
    cpus: loadCpus,
    scriptDir: outDir,
    ...(rate !== undefined && { rate }),
  });
  const plan = planSweep(cells, levels, rounds, seed);
  const results: Results = emptyResults(
    id,
    started,
    buildManifest({
      driver: {
        name: driver.name,
        version: await driver.version(),
        options: {
          ...driver.options(model === 'open' ? job(maxConnections, levels[0]) : job(levels[0]!)),
          [model === 'open' ? 'rate' : 'connections']: levels.join(','),
        },
      },
      isolation: isolation.name,
      cpus: { server: serverCpus ?? 'unpinned', load: loadCpus ?? 'unpinned' },
      profile: 'sweep',
      seed,
      rounds,
      durationS,
      warmupS,
      scenarios: scenarios.map((s) => ({ name: s.scenario.name, hash: s.hash })),
      command: argv,
    }),
  );
  const data: Sweep = { model, levels, knee, plan, trials: [], summary: [], knees: [] };
  results.sweep = data;
  await writeResults(file, results);
  if (options.out === undefined) await pointLatest(outDir);

  console.log(
    `Sweeping ${cells.length} cell(s) over ${model === 'closed' ? 'connections' : 'offered req/s'} ${levels.join(', ')}: ${plan.length} trials (${rounds} rounds) → ${file}`,
  );
  pinSelf(loadCpus);
  const interrupts = onInterrupt();
  const signal = interrupts.controller.signal;
  const done = new Set<string>();
  let complete: boolean;
  try {
    complete = await runPlannedTrials(
      { driver, isolation, scenarios: loaded, serverCpus, signal },
      plan,
      {
        isDone: (p) => done.has(trialKey(p)),
        id: (p) => `s${p.round}-${p.order}-${p.stack}-${p.scenario}-${p.validation}-${p.level}`,
        job: (p, scenario) => ({
          ...(model === 'open' ? job(maxConnections, p.level) : job(p.level)),
          scenario,
          seed: seed + p.round * 1000 + p.order,
        }),
        onTrial: async (p, trial) => {
          data.trials.push({ ...trial, level: p.level });
          done.add(trialKey(p));
          Object.assign(data, summarizeSweep(data.trials, seed, knee));
          await writeResults(file, results);
          const m = trial.metrics;
          console.log(
            `[${data.trials.length}/${plan.length}] round ${p.round} ${p.stack} ${p.scenario} @ ${p.level}${model === 'closed' ? ' conn' : ' req/s'}: ${m ? `${Math.round(m.rps)} req/s, p99 ${Math.round(m.latencyUs.p99)} µs` : '—'}, ${trial.state === 'valid' ? trial.state : pc.yellow(`${trial.state}${trial.reason ? ` (${trial.reason})` : ''}`)}`,
          );
        },
      },
    );
  } finally {
    interrupts.dispose();
  }
  Object.assign(data, summarizeSweep(data.trials, seed, knee));
  results.status = complete ? 'completed' : 'interrupted';
  if (complete) results.finishedAt = new Date().toISOString();
  await writeResults(file, results);

  console.log(`\n${sweepTable(data)}\n\nResults: ${file}`);
  if (reportFormats.length > 0 && data.trials.length > 0) {
    const written = await writeReports([results], reportFormats, outDir);
    console.log(`Reports: ${written.map((p) => basename(p)).join(', ')} in ${outDir}`);
  }
  if (!complete) return EXIT.INTERRUPTED;
  return data.summary.some((p) => p.flags.includes('no-valid-trials'))
    ? EXIT.NO_VALID_RESULT
    : EXIT.OK;
}

export function register(program: Command): void {
  program
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
      '512',
    )
    .option('--rounds <n>', 'rounds; each runs every stack at every level once, shuffled', '3')
    .option('--duration <s>', 'seconds measured at each level', '2')
    .option('--warmup <s>', 'seconds of load before each measured window', '1')
    .option('--timeout <s>', 'seconds before a request counts as timed out', '10')
    .option('--seed <n>', 'seed for the trial order, request variety and bootstrap', '1')
    .option(
      '--driver <name>',
      `load driver (default: autocannon; with --rate: ${DEFAULT_OPEN_MODEL_DRIVER})`,
    )
    .option('--isolation <name>', 'how servers run: process | docker', 'process')
    .option('--out <dir>', 'write results here (default: results/sweep-<run-id>/)')
    .option('--server-cpus <list>', 'CPUs for the server (default: the last CPU)')
    .option('--load-cpus <list>', 'CPUs for the load generator (default: the others)')
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
    .option('--reports <list>', 'report formats beside results.json (or none)', 'md,html,png,svg')
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
