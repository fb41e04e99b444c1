/**
 * `stackbench drivers`: every available load driver against the same server (node-http, /json),
 * so a reader sees how much the measurer matters. Writes `calibration.driverCeilings` into a
 * results file the reports read.
 */
import type { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pc from 'picocolors';
import { DRIVERS } from '../drivers/index.js';
import type { LoadDriver } from '../drivers/driver.js';
import { CliError, EXIT } from '../exit-codes.js';
import { ISOLATIONS } from '../isolation/index.js';
import { resolveCpus, parseInteger, parseList, parseSeconds } from '../options.js';
import { writeResults } from '../results/io.js';
import type { Results } from '../results/schema.js';
import { emptyResults } from '../run/session.js';
import { loadScenarios } from '../scenarios/load.js';
import { buildManifest } from '../run/manifest.js';
import { AbortedError, runTrial } from '../run/trial.js';

export interface DriversOptions {
  driver?: string;
  duration: string;
  warmup: string;
  connections: string;
  timeout: string;
  out?: string;
  serverCpus?: string;
  loadCpus?: string;
}

type Ceiling = NonNullable<Results['calibration']['driverCeilings']>[number];

export async function drivers(options: DriversOptions, argv: string[]): Promise<number> {
  const names = options.driver
    ? parseList('--driver', options.driver, Object.keys(DRIVERS))
    : Object.keys(DRIVERS);
  const durationS = parseSeconds('--duration', options.duration, 1, 600);
  const warmupS = parseSeconds('--warmup', options.warmup, 0, 600);
  const connections = parseInteger('--connections', options.connections, 1, 10_000);
  const timeoutS = parseSeconds('--timeout', options.timeout, 1, 600);
  const { serverCpus, loadCpus } = resolveCpus(options);
  const isolation = ISOLATIONS.process!;
  const missingIsolation = await isolation.unavailable();
  if (missingIsolation !== undefined) throw new CliError(missingIsolation, EXIT.MISSING_TOOL);

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

  const started = new Date();
  const id = `drivers-${started
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '')}`;
  const outDir = resolve(options.out ?? join('results', id));
  await mkdir(outDir, { recursive: true });
  const file = join(outDir, 'results.json');
  const job = {
    scenario,
    connections,
    pipelining: 1,
    warmupS,
    durationS,
    timeoutS,
    cpus: loadCpus,
    seed: 1,
    scriptDir: outDir,
  };
  const results = emptyResults(
    id,
    started,
    buildManifest({
      driver: {
        name: usable.map((d) => d.name).join(','),
        version: (await Promise.all(usable.map((d) => d.version()))).join(','),
        options: { connections, pipelining: 1, timeoutS, purpose: 'driver ceilings' },
      },
      isolation: isolation.name,
      cpus: { server: serverCpus ?? 'unpinned', load: loadCpus ?? 'unpinned' },
      profile: 'drivers',
      seed: 1,
      rounds: 1,
      durationS,
      warmupS,
      scenarios: [{ name: 'json', hash: scenario.hash }],
      command: argv,
    }),
    { calibration: { driverCeilings: [] } },
  );
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.on('SIGINT', onSignal);
  try {
    for (const driver of usable) {
      console.log(`${driver.name}: node-http /json, ${connections} connections, ${durationS} s…`);
      const trial = await runTrial(
        { isolation, driver, signal: controller.signal },
        {
          id: `drivers-${driver.name}`,
          round: 1,
          order: usable.indexOf(driver) + 1,
          server: { stack: 'node-http', validation: 'zod', cpus: serverCpus },
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
        serverCpuPercent: m.serverCpuPercent,
        stack: 'node-http',
        scenario: 'json',
        latencyUs: m.latencyUs,
      };
      results.calibration.driverCeilings!.push(ceiling);
      await writeResults(file, results);
      console.log(
        `  ${Math.round(m.rps)} req/s, p50 ${Math.round(m.latencyUs.p50)} µs, p99 ${Math.round(m.latencyUs.p99)} µs, generator ${m.generatorCpuPercent.toFixed(0)} % of its CPU, server ${m.serverCpuPercent.toFixed(0)} % of a core — ${trial.state === 'valid' ? trial.state : pc.yellow(trial.state)}${trial.reason ? ` (${trial.reason})` : ''}`,
      );
    }
  } catch (error) {
    if (!(error instanceof AbortedError)) throw error;
  } finally {
    process.off('SIGINT', onSignal);
  }
  results.status = controller.signal.aborted ? 'interrupted' : 'completed';
  if (!controller.signal.aborted) results.finishedAt = new Date().toISOString();
  await writeResults(file, results);
  console.log(`\nResults: ${file}`);
  if (controller.signal.aborted) return EXIT.INTERRUPTED;
  return results.calibration.driverCeilings!.length === 0 ? EXIT.NO_VALID_RESULT : EXIT.OK;
}

export function register(program: Command): void {
  program
    .command('drivers')
    .description(
      'run every available load driver against node-http /json: how much req/s each can generate (calibration.driverCeilings)',
    )
    .option(
      '--driver <list>',
      `drivers to compare (default: all: ${Object.keys(DRIVERS).join(', ')})`,
    )
    .option('--duration <s>', 'seconds in each measured window', '5')
    .option('--warmup <s>', 'seconds of load before each window', '1')
    .option('--connections <n>', 'concurrent connections (closed model)', '32')
    .option('--timeout <s>', 'seconds before a request counts as timed out', '10')
    .option('--out <dir>', 'write results here (default: results/drivers-<time>/)')
    .option('--server-cpus <list>', 'CPUs for the server (default: the last CPU)')
    .option('--load-cpus <list>', 'CPUs for the load generator (default: the others)')
    .addHelpText(
      'after',
      `
  A driver whose CPU reaches 90 % of its cores is the limit, not the server: its number is
  that driver's ceiling on this machine. Drivers that are not installed are skipped (named
  explicitly with --driver, a missing one exits ${EXIT.MISSING_TOOL}).`,
    )
    .action(async (options: DriversOptions) => {
      process.exitCode = await drivers(options, process.argv.slice(2));
    });
}
