/** `stackbench run`: verify, calibrate, then measure every planned trial, writing results as it goes. */
import type { Command } from 'commander';
import { basename, join, resolve } from 'node:path';
import pc from 'picocolors';
import { VALIDATION_MODES, type ValidationMode } from '../../servers/contract/schemas.js';
import { STACK_NAMES, type StackInfo } from '../../servers/stacks.js';
import type { LoadDriver } from '../drivers/driver.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import type { Isolation } from '../isolation/isolation.js';
import { parseInteger, parseList, parseStacks } from '../options.js';
import { readResults } from '../results/io.js';
import { loadScenarios, type LoadedScenario } from '../scenarios/load.js';
import {
  addLoadFlags,
  driverNamed,
  isolationNamed,
  type LoadFlag,
  type LoadFlagValues,
  parseLoadFlags,
} from '../run/load-flags.js';
import { executeRun, type RunSettings } from '../run/orchestrate.js';
import { planCells, planRounds } from '../run/plan.js';
import { PROFILE_NAMES, PROFILES, type ProfileName, referenceOf } from '../run/profiles.js';
import { progressReporter } from '../run/progress.js';
import { DEFAULT_RULES } from '../run/validity.js';
import { terminalTable } from '../run/terminal-table.js';
import { describePrecision } from '../../shared/results/precision-text.js';
import {
  checkCapabilities,
  checkTools,
  emptyResults,
  manifestFor,
  type Needs,
  restoredSettings,
  Session,
  storedSettings,
} from '../run/session.js';
import { verifyBeforeMeasure } from './verify.js';
import { formatsFrom } from './report.js';
import { writeReports } from '../../reports/index.js';
import {
  equalLoadPhase,
  openModelDriverFor,
  parseEqualLoadFlags,
} from '../run/equal-load-phase.js';

export interface RunOptions extends LoadFlagValues {
  stack?: string;
  scenario?: string;
  validation?: string;
  rounds?: string;
  profile: string;
  out?: string;
  resume?: string;
  verify: boolean;
  /** Report formats written beside results.json after the run (`none` for none). */
  reports?: string;
  /** Fractions of capacity for latency at equal offered load, or `off` (default: the profile's). */
  equalLoad?: string;
  equalLoadBasis?: string;
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
  options: Partial<RunOptions> & { profile: string },
  loaded: Map<string, LoadedScenario>,
): Resolved {
  if (!PROFILE_NAMES.includes(options.profile as ProfileName)) {
    throw usageError(
      `--profile: expected one of ${PROFILE_NAMES.join(', ')}, got "${options.profile}"`,
    );
  }
  const profile = options.profile as ProfileName;
  const p = PROFILES[profile];
  const stacks = parseStacks(options.stack, p.stacks === 'all' ? undefined : p.stacks);
  const scenarioNames = options.scenario
    ? parseList('--scenario', options.scenario, [...loaded.keys()])
    : p.scenarios;
  const validations = options.validation
    ? parseList('--validation', options.validation, VALIDATION_MODES)
    : [...p.validations];
  // A stack with none of the profile's modes (a user's app: native) runs in its own first one.
  if (options.validation === undefined)
    for (const stack of stacks) {
      const own = stack.validations[0];
      if (own !== undefined && !stack.validations.some((v) => validations.includes(v)))
        validations.push(own);
    }
  return {
    profile,
    stacks,
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
    settings: parseLoadFlags(options, p),
  };
}

/** What a run's driver must declare: the open model for `--rate`, pipelining for a scenario. */
export function runNeeds(settings: RunSettings, scenarios: readonly LoadedScenario[]): Needs {
  const deepest = [...scenarios].sort(
    (a, b) => b.scenario.load.pipelining - a.scenario.load.pipelining,
  )[0];
  const depth = settings.pipelining ?? deepest?.scenario.load.pipelining ?? 1;
  return {
    ...(settings.rate !== undefined && { openModel: '--rate' }),
    pipelining: {
      depth,
      by:
        settings.pipelining !== undefined
          ? 'the run'
          : `scenario ${deepest?.scenario.name ?? ''} (load.pipelining)`,
    },
  };
}

interface Prepared {
  session: Session;
  driver: LoadDriver;
  isolation: Isolation;
  settings: RunSettings;
}

/** A new run: settings, capabilities, tools, verify, then the session with its plan. */
async function startRun(
  options: RunOptions,
  loaded: Map<string, LoadedScenario>,
  argv: string[],
): Promise<Prepared> {
  const driver = driverNamed(options.driver);
  const isolation = isolationNamed(options.isolation);
  // Tools first, and what a killed earlier run left behind is removed before anything else.
  await checkTools([driver], isolation);
  const r = resolveOptions(options, loaded);
  checkCapabilities(driver, isolation, runNeeds(r.settings, r.scenarios));
  for (const stack of r.stacks) {
    const refused = isolation.refuses?.(stack);
    if (refused !== undefined) throw usageError(`--isolation ${isolation.name}: ${refused}`);
  }
  const cells = planCells(
    r.stacks,
    r.scenarios.map((s) => s.scenario),
    r.validations,
  );
  if (cells.length === 0)
    throw usageError('nothing to run: no stack supports the validations and scenarios asked for');
  if (options.verify) {
    const targets = r.stacks.flatMap((s) =>
      r.validations
        .filter((v) => s.validations.includes(v))
        .map((validation) => ({ stack: s.name, validation })),
    );
    console.log(
      `Verifying the contract on ${targets.length} stack/validation pairs before measuring…`,
    );
    await verifyBeforeMeasure(
      targets,
      'refusing to measure stacks that fail the contract (see above)',
    );
  }
  const session = await Session.open({
    out: options.out,
    latest: true,
    loadCpus: r.settings.loadCpus,
    create: async (id, started) => {
      const results = emptyResults(
        id,
        started,
        await manifestFor({
          driver,
          isolation,
          settings: r.settings,
          profile: r.profile,
          rounds: r.rounds,
          scenarios: r.scenarios,
          argv,
        }),
        {
          plan: planRounds(cells, r.rounds, r.settings.seed),
          settings: storedSettings(driver, isolation, r.settings),
        },
      );
      // The figures the profile answers (the guide's table), for the reports to put beside ours.
      const reference = referenceOf(PROFILES[r.profile]);
      return reference === undefined ? results : { ...results, reference };
    },
  });
  return { session, driver, isolation, settings: r.settings };
}

/** The shared load flags `run` takes; all but the driver and isolation are fixed on resume. */
const RUN_LOAD_FLAGS = [
  'duration',
  'warmup',
  'windows',
  'connections',
  'rate',
  'timeout',
  'seed',
  'serverCpus',
  'loadCpus',
  'driver',
  'isolation',
  'poll',
] as const satisfies readonly LoadFlag[];

/** Flags a resumed run refuses: it keeps its own settings. */
const FIXED_ON_RESUME: readonly (keyof RunOptions & string)[] = [
  'stack',
  'scenario',
  'validation',
  'rounds',
  ...RUN_LOAD_FLAGS.filter((f) => f !== 'driver' && f !== 'isolation'),
];

const flagOf = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** `--resume`: the run's exact settings, driver and isolation, read back from results.json. */
async function resumeRun(
  options: RunOptions,
  loaded: Map<string, LoadedScenario>,
): Promise<Prepared | undefined> {
  for (const key of FIXED_ON_RESUME) {
    if (options[key] !== undefined)
      throw usageError(
        `${flagOf(key)} cannot be combined with --resume: the run keeps its own settings`,
      );
  }
  const file = join(resolve(options.resume!), 'results.json');
  const results = await readResults(file);
  if (results.status === 'completed') {
    console.log(`${file} is already complete (${results.trials.length} trials).`);
    return undefined;
  }
  for (const s of results.manifest.scenarios) {
    if (loaded.get(s.name)?.hash !== s.hash) {
      throw new CliError(
        `--resume: scenario ${s.name} changed since the run started (hash ${s.hash}); start a new run`,
        EXIT.BAD_INPUT,
      );
    }
  }
  const { names, settings } = restoredSettings(results);
  for (const key of ['driver', 'isolation'] as const) {
    if (options[key] !== undefined && options[key] !== names[key])
      throw usageError(
        `--${key} ${options[key]} cannot be combined with --resume: the run used --${key} ${names[key]}`,
      );
  }
  const driver = driverNamed(names.driver);
  const isolation = isolationNamed(names.isolation);
  await checkTools([driver], isolation);
  console.log(`Resuming ${file}: ${results.trials.length}/${results.plan.length} trials done.`);
  return { session: Session.resume(file, results, settings.loadCpus), driver, isolation, settings };
}

export async function run(options: RunOptions, argv: string[]): Promise<number> {
  const reportFormats =
    options.reports === undefined || options.reports === 'none'
      ? []
      : formatsFrom(options.reports, '--reports');
  // Bad --equal-load flags are refused before anything starts (a resumed run's profile below).
  parseEqualLoadFlags(options.profile, options.equalLoad, options.equalLoadBasis);
  const loaded = await loadScenarios();
  const prepared =
    options.resume !== undefined
      ? await resumeRun(options, loaded)
      : await startRun(options, loaded, argv);
  if (prepared === undefined) return EXIT.OK;
  const { session, driver, isolation } = prepared;
  const settings: RunSettings = { ...prepared.settings, scriptDir: session.dir };
  // The run's own open model (--rate) already measures latency at one offered rate.
  const equalLoad =
    settings.rate === undefined
      ? parseEqualLoadFlags(
          session.results.manifest.profile,
          options.equalLoad,
          options.equalLoadBasis,
        )
      : undefined;

  const interactive = process.stderr.isTTY === true && !process.env.CI;
  const progress = progressReporter(interactive ? process.stderr : process.stdout, interactive);
  await session.measure(async () => {
    await session.calibrate(driver, isolation, settings, loaded);
    console.log(`Running ${session.results.plan.length} trials → ${session.file}`);
    try {
      session.results = await executeRun(
        {
          driver,
          isolation,
          scenarios: loaded,
          file: session.file,
          signal: session.signal,
          events: progress,
        },
        settings,
        session.results,
      );
    } finally {
      progress.stop();
    }
    if (equalLoad !== undefined && session.results.status === 'completed') {
      const open = await openModelDriverFor(driver);
      if (open.driver !== undefined)
        session.results = await equalLoadPhase(
          {
            driver: open.driver,
            isolation,
            scenarios: loaded,
            serverCpus: settings.serverCpus,
            serverEnv: settings.serverEnv,
            file: session.file,
            signal: session.signal,
          },
          settings,
          session.results,
          equalLoad,
        );
      else console.log(pc.yellow(`Latency at equal offered load skipped: ${open.why}`));
    }
  });
  const results = await session.finish();

  console.log(`\n${terminalTable(results)}`);
  console.log(describePrecision(results.precision));
  console.log(`\nResults: ${session.file}`);
  if (reportFormats.length > 0 && results.trials.length > 0) {
    const written = await writeReports([results], reportFormats, session.dir);
    console.log(`Reports: ${written.map((p) => basename(p)).join(', ')} in ${session.dir}`);
  }
  if (session.interrupted) {
    console.log(
      pc.yellow(
        `Interrupted after ${results.trials.length}/${results.plan.length} trials. Continue with: stackbench run --resume ${session.dir}`,
      ),
    );
    return EXIT.INTERRUPTED;
  }
  const empty = [...results.summary, ...(results.equalLoad?.summary ?? [])].filter((c) =>
    c.flags.includes('no-valid-trials'),
  );
  if (empty.length > 0) {
    console.log(
      pc.red(
        `${empty.length} cell(s) have no valid trial: ${empty.map((c) => `${c.stack}/${c.scenario}/${c.validation}`).join(', ')}`,
      ),
    );
  }
  return session.exitCode(empty.length === 0);
}

export function register(program: Command): void {
  const command = program
    .command('run')
    .description(
      'measure every stack × scenario × validation in interleaved rounds; writes results.json',
    )
    .option(
      '--profile <name>',
      `${PROFILE_NAMES.join(' | ')} (${Object.entries(PROFILES)
        .map(([n, p]) => `${n}: ${p.description}`)
        .join('; ')})`,
      'quick',
    )
    .option(
      '--stack <list>',
      `comma-separated stacks: ${STACK_NAMES.join(', ')} (default: the profile's)`,
    )
    .option(
      '--scenario <list>',
      "comma-separated scenarios (default: the profile's; see `stackbench list`)",
    )
    .option(
      '--validation <list>',
      `comma-separated validation modes: ${VALIDATION_MODES.join(', ')} (default: the profile's)`,
    )
    .option('--rounds <n>', 'rounds; each runs every cell once, in a seeded shuffled order')
    .option(
      '--out <dir>',
      'write results here (default: results/<run-id>/, with results/latest pointing at it)',
    )
    .option('--resume <dir>', 'continue an interrupted run in <dir> with its own settings')
    .option(
      '--equal-load <fractions>',
      "latency at equal offered load: open-model rates at these fractions of capacity, or off (default: the profile's: quick 0.25, thorough 0.1,0.25,0.4, guide off)",
    )
    .option(
      '--equal-load-basis <list>',
      "whose capacity the fractions apply to: slowest (the same rates for every stack) and/or own (default: the profile's: quick slowest, thorough slowest,own)",
    )
    .option('--no-verify', 'skip the contract check before measuring (not recommended)')
    .option(
      '--reports <list>',
      'report formats to write beside results.json (md,html,png,svg,csv or none)',
      'md,html,png,svg,csv',
    );
  addLoadFlags(command, {
    flags: [...RUN_LOAD_FLAGS],
    help: {
      duration: "seconds in each measured window (default: the profile's)",
      warmup: "seconds of load before the first window, not measured (default: the profile's)",
      windows: "measured windows per server process (default: the profile's)",
      connections: "concurrent connections (closed model; default: the profile's)",
    },
  })
    .addHelpText(
      'after',
      `
  Examples:
    $ stackbench run                                  # the quick profile (what npm run bench runs)
    $ stackbench run --profile thorough --out results/study
    $ stackbench run --stack node-http,fastify --scenario get-product --rounds 10
    $ stackbench run --resume results/latest          # after Ctrl-C or a crash
  
  Trials that saw unexpected statuses, socket errors or timeouts are "invalid"; trials whose
  server had CPU room while the load generator used ≥ ${DEFAULT_RULES.generatorBoundPercent} % of its CPU are "generator-bound"
  (the server's number is a floor).`,
    )
    .action(async (options: RunOptions) => {
      process.exitCode = await run(options, process.argv.slice(2));
    });
}
