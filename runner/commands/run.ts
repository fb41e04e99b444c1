/** `stackbench run`: verify, calibrate, then measure every planned trial, writing results as it goes. */
import type { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import pc from 'picocolors';
import { VALIDATION_MODES, type ValidationMode } from '../../servers/contract/schemas.js';
import { findStack, STACK_NAMES, type StackInfo } from '../../servers/stacks.js';
import { DRIVERS } from '../drivers/index.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { ISOLATIONS } from '../isolation/index.js';
import { resolveCpus, parseInteger, parseList, parseSeconds } from '../options.js';
import { readResults } from '../results/io.js';
import type { Results } from '../results/schema.js';
import { loadScenarios, type LoadedScenario } from '../scenarios/load.js';
import { executeRun, type RunSettings } from '../run/orchestrate.js';
import { planCells, planRounds } from '../run/plan.js';
import { PROFILE_NAMES, PROFILES, type ProfileName } from '../run/profiles.js';
import { progressReporter } from '../run/progress.js';
import { terminalTable } from '../run/terminal-table.js';
import { describePrecision } from '../run/precision.js';
import { AbortedError } from '../run/trial.js';
import { verifyStacks, printVerify } from './verify.js';
import { calibrateContainerOverhead, calibrateGenerator } from '../run/calibrate.js';
import { initialResults, onInterrupt, pinSelf, pointLatest, runId } from '../run/session.js';
import { formatsFrom } from './report.js';
import { writeReports } from '../../reports/index.js';

export interface RunOptions {
  stack?: string;
  scenario?: string;
  validation?: string;
  rounds?: string;
  duration?: string;
  warmup?: string;
  windows?: string;
  connections?: string;
  rate?: string;
  timeout: string;
  profile: string;
  out?: string;
  seed?: string;
  resume?: string;
  serverCpus?: string;
  loadCpus?: string;
  driver: string;
  isolation: string;
  verify: boolean;
  /** Report formats written beside results.json after the run (`none` for none). */
  reports?: string;
}

export interface Resolved {
  stacks: StackInfo[];
  scenarios: LoadedScenario[];
  validations: ValidationMode[];
  rounds: number;
  settings: RunSettings;
  profile: ProfileName;
}

export function resolveOptions(
  options: Partial<RunOptions> & { profile: string; timeout: string },
  loaded: Map<string, LoadedScenario>,
): Resolved {
  if (!PROFILE_NAMES.includes(options.profile as ProfileName)) {
    throw usageError(
      `--profile: expected one of ${PROFILE_NAMES.join(', ')}, got "${options.profile}"`,
    );
  }
  const profile = options.profile as ProfileName;
  const p = PROFILES[profile];
  const stackNames = options.stack ? parseList('--stack', options.stack, STACK_NAMES) : STACK_NAMES;
  const scenarioNames = options.scenario
    ? parseList('--scenario', options.scenario, [...loaded.keys()])
    : p.scenarios;
  const validations = options.validation
    ? parseList('--validation', options.validation, VALIDATION_MODES)
    : [...p.validations];
  const { serverCpus, loadCpus } = resolveCpus(options);
  return {
    profile,
    stacks: stackNames.map((n) => findStack(n)!),
    scenarios: scenarioNames.map((n) => {
      const s = loaded.get(n);
      if (s === undefined)
        throw usageError(
          `--profile ${profile} names scenario "${n}", which scenarios/ does not hold`,
        );
      return s;
    }),
    validations,
    rounds: options.rounds ? parseInteger('--rounds', options.rounds, 1, 1000) : p.rounds,
    settings: {
      durationS: options.duration
        ? parseSeconds('--duration', options.duration, 0.5, 3600)
        : p.durationS,
      warmupS: options.warmup ? parseSeconds('--warmup', options.warmup, 0, 600) : p.warmupS,
      windows: options.windows ? parseInteger('--windows', options.windows, 1, 1000) : p.windows,
      connections: options.connections
        ? parseInteger('--connections', options.connections, 1, 10_000)
        : p.connections,
      timeoutS: parseSeconds('--timeout', options.timeout, 0.1, 600),
      seed: options.seed ? parseInteger('--seed', options.seed, 0, 2 ** 31 - 1) : 1,
      serverCpus,
      loadCpus,
      ...(options.rate !== undefined && {
        rate: parseInteger('--rate', options.rate, 1, 10_000_000),
      }),
    },
  };
}

export async function run(options: RunOptions, argv: string[]): Promise<number> {
  const driver = DRIVERS[options.driver];
  if (driver === undefined)
    throw usageError(
      `--driver: expected one of ${Object.keys(DRIVERS).join(', ')}, got "${options.driver}"`,
    );
  const isolation = ISOLATIONS[options.isolation];
  if (isolation === undefined) {
    throw usageError(
      `--isolation: expected one of ${Object.keys(ISOLATIONS).join(', ')}, got "${options.isolation}"`,
    );
  }
  if (options.rate !== undefined && driver.name !== 'k6')
    throw usageError(`--rate: the open model needs --driver k6, got --driver ${driver.name}`);
  const reportFormats =
    options.reports === undefined || options.reports === 'none'
      ? []
      : formatsFrom(options.reports, '--reports');
  for (const missing of [await driver.unavailable(), await isolation.unavailable()]) {
    if (missing !== undefined) throw new CliError(missing, EXIT.MISSING_TOOL);
  }
  // Containers (or anything else) a killed earlier run left behind.
  await isolation.cleanup?.();
  const loaded = await loadScenarios();

  let results: Results;
  let settings: RunSettings;
  let file: string;
  if (options.resume !== undefined) {
    for (const flag of [
      'stack',
      'scenario',
      'validation',
      'rounds',
      'duration',
      'warmup',
      'windows',
      'connections',
      'seed',
    ] as const) {
      if (options[flag] !== undefined)
        throw usageError(
          `--${flag} cannot be combined with --resume: the run keeps its own settings`,
        );
    }
    file = join(resolve(options.resume), 'results.json');
    results = await readResults(file);
    if (results.status === 'completed') {
      console.log(`${file} is already complete (${results.trials.length} trials).`);
      return EXIT.OK;
    }
    for (const s of results.manifest.scenarios) {
      if (loaded.get(s.name)?.hash !== s.hash) {
        throw new CliError(
          `--resume: scenario ${s.name} changed since the run started (hash ${s.hash}); start a new run`,
          EXIT.BAD_INPUT,
        );
      }
    }
    const m = results.manifest;
    settings = {
      durationS: m.durationS,
      warmupS: m.warmupS,
      windows: m.windows ?? 1,
      connections: Number(m.driver.options.connections),
      timeoutS: Number(m.driver.options.timeoutS),
      seed: m.seed,
      serverCpus: m.cpus.server === 'unpinned' ? undefined : m.cpus.server,
      loadCpus: m.cpus.load === 'unpinned' ? undefined : m.cpus.load,
      ...(m.driver.options.rate !== undefined && { rate: Number(m.driver.options.rate) }),
    };
    console.log(`Resuming ${file}: ${results.trials.length}/${results.plan.length} trials done.`);
  } else {
    const r = resolveOptions(options, loaded);
    settings = r.settings;
    if (options.verify) {
      const targets = r.stacks.flatMap((s) =>
        r.validations
          .filter((v) => s.validations.includes(v))
          .map((validation) => ({ stack: s.name, validation })),
      );
      console.log(
        `Verifying the contract on ${targets.length} stack/validation pairs before measuring…`,
      );
      const verified = await verifyStacks(targets);
      if (verified.some((v) => !v.ok)) {
        printVerify(verified);
        throw new CliError(
          'refusing to measure stacks that fail the contract (see above)',
          EXIT.FAILED,
        );
      }
    }
    const cells = planCells(
      r.stacks,
      r.scenarios.map((s) => s.scenario),
      r.validations,
    );
    if (cells.length === 0)
      throw usageError('nothing to run: no stack supports the validations and scenarios asked for');
    const started = new Date();
    const id = runId(started);
    const outDir = resolve(options.out ?? join('results', id));
    await mkdir(outDir, { recursive: true });
    file = join(outDir, 'results.json');
    results = await initialResults({
      id,
      started,
      driver,
      isolation,
      settings: r.settings,
      profile: r.profile,
      rounds: r.rounds,
      scenarios: r.scenarios,
      plan: planRounds(cells, r.rounds, settings.seed),
      argv,
    });
    if (options.out === undefined) await pointLatest(outDir);
  }

  settings.scriptDir = dirname(file);
  pinSelf(settings.loadCpus);
  const interrupts = onInterrupt();
  const controller = interrupts.controller;
  try {
    try {
      if (results.calibration.generatorCeiling === undefined && !controller.signal.aborted) {
        await calibrateGenerator(results, settings, driver, isolation, loaded, controller.signal);
      }
      if (
        isolation.name === 'docker' &&
        results.calibration.containerOverhead === undefined &&
        !controller.signal.aborted
      ) {
        await calibrateContainerOverhead(
          results,
          settings,
          driver,
          isolation,
          loaded,
          controller.signal,
        );
      }
    } catch (error) {
      // Ctrl-C during a calibration: the run below sees the aborted signal and ends "interrupted".
      if (!(error instanceof AbortedError)) throw error;
    }
    const interactive = process.stderr.isTTY === true && !process.env.CI;
    const progress = progressReporter(interactive ? process.stderr : process.stdout, interactive);
    console.log(`Running ${results.plan.length} trials → ${file}`);
    results = await executeRun(
      { driver, isolation, scenarios: loaded, file, signal: controller.signal, events: progress },
      settings,
      results,
    );
    progress.stop();
  } finally {
    interrupts.dispose();
  }

  console.log(`\n${terminalTable(results)}`);
  console.log(describePrecision(results.precision));
  console.log(`\nResults: ${file}`);
  if (reportFormats.length > 0 && results.trials.length > 0) {
    const written = await writeReports([results], reportFormats, dirname(file));
    console.log(`Reports: ${written.map((p) => basename(p)).join(', ')} in ${dirname(file)}`);
  }
  if (results.status === 'interrupted') {
    console.log(
      pc.yellow(
        `Interrupted after ${results.trials.length}/${results.plan.length} trials. Continue with: stackbench run --resume ${dirname(file)}`,
      ),
    );
    return EXIT.INTERRUPTED;
  }
  const empty = results.summary.filter((c) => c.flags.includes('no-valid-trials'));
  if (empty.length > 0) {
    console.log(
      pc.red(
        `${empty.length} cell(s) have no valid trial: ${empty.map((c) => `${c.stack}/${c.scenario}/${c.validation}`).join(', ')}`,
      ),
    );
    return EXIT.NO_VALID_RESULT;
  }
  return EXIT.OK;
}

export function register(program: Command): void {
  program
    .command('run')
    .description(
      'measure every stack × scenario × validation in interleaved rounds; writes results.json',
    )
    .option(
      '--profile <name>',
      `quick | thorough (${Object.entries(PROFILES)
        .map(([n, p]) => `${n}: ${p.description}`)
        .join('; ')})`,
      'quick',
    )
    .option('--stack <list>', `comma-separated stacks (default: all: ${STACK_NAMES.join(', ')})`)
    .option(
      '--scenario <list>',
      "comma-separated scenarios (default: the profile's; see `stackbench list`)",
    )
    .option(
      '--validation <list>',
      `comma-separated validation modes: ${VALIDATION_MODES.join(', ')} (default: the profile's)`,
    )
    .option('--rounds <n>', 'rounds; each runs every cell once, in a seeded shuffled order')
    .option('--duration <s>', 'seconds in each measured window')
    .option('--warmup <s>', 'seconds of load before the first window, not measured')
    .option('--windows <n>', "measured windows per server process (default: the profile's)")
    .option('--connections <n>', 'concurrent connections (closed model)')
    .option(
      '--rate <rps>',
      'open model (--driver k6): requests per second whatever the latency (default: closed model)',
    )
    .option('--timeout <s>', 'seconds before a request counts as timed out', '10')
    .option('--seed <n>', 'seed for the trial order, request variety and bootstrap (default 1)')
    .option(
      '--out <dir>',
      'write results here (default: results/<run-id>/, with results/latest pointing at it)',
    )
    .option('--resume <dir>', 'continue an interrupted run in <dir> with its own settings')
    .option('--server-cpus <list>', 'CPUs for the server (default: the last CPU)')
    .option(
      '--load-cpus <list>',
      'CPUs for the load generator and stackbench (default: the others)',
    )
    .option('--driver <name>', 'load driver', 'autocannon')
    .option(
      '--isolation <name>',
      'how servers run: process (pinned local processes) | docker (a fresh container per trial, with a container-overhead calibration; see docker/README.md)',
      'process',
    )
    .option('--no-verify', 'skip the contract check before measuring (not recommended)')
    .option(
      '--reports <list>',
      'report formats to write beside results.json (md,html,png,svg,csv or none)',
      'md,html,png,svg,csv',
    )
    .addHelpText(
      'after',
      `
  Examples:
    $ stackbench run                                  # the quick profile (what npm run bench runs)
    $ stackbench run --profile thorough --out results/study
    $ stackbench run --stack node-http,fastify --scenario get-product --rounds 10
    $ stackbench run --resume results/latest          # after Ctrl-C or a crash
  
  Trials that saw unexpected statuses, socket errors or timeouts are "invalid"; trials whose
  load generator used ≥ 90 % of its CPU are "generator-bound" (the server's number is a floor).`,
    )
    .action(async (options: RunOptions) => {
      process.exitCode = await run(options, process.argv.slice(2));
    });
}
