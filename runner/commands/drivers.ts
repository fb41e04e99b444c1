/**
 * `stackbench drivers`: every available load driver against the same server (the baseline
 * stack, /json), so a reader sees how much the measurer matters. Writes
 * `calibration.driverCeilings` into a results file the reports read.
 */
import { generatorLoadText } from '../../reports/generator-load.js';
import type { Command } from 'commander';
import pc from 'picocolors';
import { BASELINE_STACK } from '../../servers/stacks.js';
import { DRIVERS, OPEN_MODEL_POOL } from '../drivers/index.js';
import { judgeStep, searchOpenCeiling } from '../drivers/open-ceiling.js';
import type { LoadDriver } from '../drivers/driver.js';
import { CliError, EXIT } from '../exit-codes.js';
import { parseList } from '../options.js';
import type { Results } from '../results/schema.js';
import { loadScenarios } from '../scenarios/load.js';
import { buildManifest } from '../run/manifest.js';
import {
  addLoadFlags,
  isolationNamed,
  type LoadFlagValues,
  parseLoadFlags,
} from '../run/load-flags.js';
import { jobFor } from '../run/orchestrate.js';
import { checkTools, emptyResults, Session } from '../run/session.js';
import { DEFAULT_RULES } from '../run/validity.js';

export interface DriversOptions extends LoadFlagValues {
  out?: string;
  /** false with --no-open-model: skip the open-model ceiling search. */
  openModel?: boolean;
}

type Ceiling = NonNullable<Results['calibration']['driverCeilings']>[number];

/** The defaults of `drivers` (a short closed-model run per driver). */
const DEFAULTS = { durationS: 5, warmupS: 1, connections: 32 };
/** Each open-model step: a fresh server, a short warm-up and one window. */
const OPEN_STEP = { warmupS: 0.5, durationS: 2 };

/** One line for a driver's open-model ceiling. */
export function openCeilingText(c: NonNullable<Ceiling['openModel']>): string {
  const held = `${Math.round(c.heldRps)} req/s`;
  if (c.limit === 'generator')
    return `open-model ceiling: ${held} held on schedule; the next step failed on the driver's side (its schedule, its connection pool or its CPU)`;
  if (c.limit === 'server')
    return `open-model ceiling: above ${held}; the server saturated first, so this is a floor for the driver`;
  return `open-model ceiling: above ${held} (every step held)`;
}

export async function drivers(options: DriversOptions, argv: string[]): Promise<number> {
  const names = options.driver
    ? parseList('--driver', options.driver, Object.keys(DRIVERS))
    : Object.keys(DRIVERS);
  const settings = parseLoadFlags(options, DEFAULTS);
  const isolation = isolationNamed(options.isolation);
  await checkTools([], isolation);

  const usable: LoadDriver[] = [];
  for (const name of names) {
    const driver = DRIVERS[name]!;
    const missing = await driver.unavailable();
    if (missing === undefined) usable.push(driver);
    else if (options.driver !== undefined) throw new CliError(missing, EXIT.MISSING_TOOL);
    else console.log(pc.yellow(`skipping ${name}: ${missing}`));
  }
  const scenario = (await loadScenarios()).get('json');
  if (scenario === undefined) throw new CliError('scenarios/json.json is missing', EXIT.BAD_INPUT);

  const session = await Session.open({
    kind: 'drivers',
    out: options.out,
    loadCpus: settings.loadCpus,
    create: async (id, started) =>
      emptyResults(
        id,
        started,
        buildManifest({
          driver: {
            name: usable.map((d) => d.name).join(','),
            version: (await Promise.all(usable.map((d) => d.version()))).join(','),
            options: {
              connections: settings.connections,
              pipelining: 1,
              timeoutS: settings.timeoutS,
              poll: settings.poll === true,
              purpose: 'driver ceilings',
            },
          },
          isolation: isolation.name,
          cpus: {
            server: settings.serverCpus ?? 'unpinned',
            load: settings.loadCpus ?? 'unpinned',
          },
          profile: 'drivers',
          seed: settings.seed,
          rounds: 1,
          durationS: settings.durationS,
          warmupS: settings.warmupS,
          scenarios: [{ name: scenario.scenario.name, hash: scenario.hash }],
          command: argv,
        }),
        { calibration: { driverCeilings: [] } },
      ),
  });
  const ceilings = session.results.calibration.driverCeilings!;
  const job = { ...jobFor(scenario, { ...settings, scriptDir: session.dir }), pipelining: 1 };
  await session.measure(async () => {
    for (const [i, driver] of usable.entries()) {
      console.log(
        `${driver.name}: ${BASELINE_STACK} /json, ${settings.connections} connections, ${settings.durationS} s…`,
      );
      const trial = await session.trial(
        { isolation, driver },
        {
          id: `drivers-${driver.name}`,
          round: 1,
          order: i + 1,
          server: { stack: BASELINE_STACK, validation: 'zod', cpus: settings.serverCpus },
          job,
        },
      );
      if (trial.metrics === undefined) {
        console.log(pc.red(`  ${trial.state}: ${trial.reason ?? ''}`));
        continue;
      }
      const m = trial.metrics;
      const ceiling: Ceiling = {
        driver: driver.name,
        version: await driver.version(),
        rps: m.rps,
        generatorCpuPercent: m.generatorCpuPercent,
        ...(m.generatorWorkPercent !== undefined && {
          generatorWorkPercent: m.generatorWorkPercent,
        }),
        serverCpuPercent: m.serverCpuPercent,
        stack: BASELINE_STACK,
        scenario: scenario.scenario.name,
        latencyUs: m.latencyUs,
      };
      ceilings.push(ceiling);
      await session.save();
      console.log(
        `  ${Math.round(m.rps)} req/s, p50 ${Math.round(m.latencyUs.p50)} µs, p99 ${Math.round(m.latencyUs.p99)} µs, generator ${generatorLoadText(m, 0)}, server ${m.serverCpuPercent.toFixed(0)} % of a core — ${trial.state === 'valid' ? trial.state : pc.yellow(trial.state)}${trial.reason ? ` (${trial.reason})` : ''}`,
      );
      if (!driver.capabilities.openModel || options.openModel === false) continue;
      console.log(`  open model: arrival rates from ${Math.round(m.rps / 2)} req/s, ×1.2 a step…`);
      let step = 0;
      ceiling.openModel = await searchOpenCeiling(
        m.rps / 2,
        async (rps) => {
          const t = await session.trial(
            { isolation, driver },
            {
              id: `drivers-${driver.name}-open-${++step}`,
              round: 1,
              order: i + 1,
              server: { stack: BASELINE_STACK, validation: 'zod', cpus: settings.serverCpus },
              job: {
                ...job,
                rate: rps,
                connections: Math.max(OPEN_MODEL_POOL, settings.connections),
                warmupS: OPEN_STEP.warmupS,
                durationS: OPEN_STEP.durationS,
              },
            },
          );
          const judged = judgeStep(rps, t, DEFAULT_RULES);
          console.log(
            `    ${rps} req/s → ${Math.round(judged.achievedRps)}, generator ${judged.generatorPercent.toFixed(0)} %, server ${judged.serverPercent.toFixed(0)} %: ${judged.ok ? 'held' : pc.yellow(judged.reason ?? 'failed')}`,
          );
          return judged;
        },
        DEFAULT_RULES,
      );
      await session.save();
      console.log(`  ${openCeilingText(ceiling.openModel)}`);
    }
  });
  await session.finish();
  console.log(`\nResults: ${session.file}`);
  return session.exitCode(ceilings.length > 0);
}

export function register(program: Command): void {
  const command = program
    .command('drivers')
    .description(
      `run every available load driver against ${BASELINE_STACK} /json: how much req/s each can generate (calibration.driverCeilings)`,
    )
    .option(
      '--driver <list>',
      `drivers to compare (default: all: ${Object.keys(DRIVERS).join(', ')})`,
    )
    .option('--out <dir>', 'write results here (default: results/drivers-<run-id>/)')
    .option(
      '--no-open-model',
      'skip the open-model ceiling search (drivers with the open model step the arrival rate up ×1.2 from half their closed-model req/s until they fall behind schedule or reach 90 % of their CPU)',
    );
  addLoadFlags(command, {
    flags: [
      'duration',
      'warmup',
      'connections',
      'timeout',
      'seed',
      'serverCpus',
      'loadCpus',
      'isolation',
      'poll',
    ],
    defaults: {
      duration: String(DEFAULTS.durationS),
      warmup: String(DEFAULTS.warmupS),
      connections: String(DEFAULTS.connections),
    },
  })
    .addHelpText(
      'after',
      `
  A driver whose CPU reaches ${DEFAULT_RULES.generatorBoundPercent} % of its cores is the limit, not the server: its number is
  that driver's ceiling on this machine. Drivers with the open model then step an arrival rate
  up (fresh server, ${OPEN_STEP.warmupS} s warm-up, ${OPEN_STEP.durationS}-s window a step) until a step falls behind
  schedule or the generator reaches that limit: their open-model ceiling. When the server
  saturates first, the ceiling is stated as a floor. Drivers that are not installed are
  skipped (named explicitly with --driver, a missing one exits ${EXIT.MISSING_TOOL}).`,
    )
    .action(async (options: DriversOptions) => {
      process.exitCode = await drivers(options, process.argv.slice(2));
    });
}
