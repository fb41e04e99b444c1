/**
 * What every measuring command shares: a new results file's skeleton, run ids, the
 * `results/latest` link, keeping stackbench off the server's CPUs, and Ctrl-C handling.
 */
import { execFileSync } from 'node:child_process';
import { rm, symlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import pc from 'picocolors';
import type { LoadDriver } from '../drivers/driver.js';
import { EXIT } from '../exit-codes.js';
import type { Isolation } from '../isolation/isolation.js';
import { type Manifest, type Results, SCHEMA_VERSION } from '../results/schema.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { buildManifest } from './manifest.js';
import { jobFor, type RunSettings } from './orchestrate.js';

export function runId(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '')
    .replace('T', '-');
}

/** Keeps stackbench itself (and so the load generator it starts) off the server's CPUs. */
export function pinSelf(cpus: string | undefined): void {
  if (cpus === undefined) return;
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
  } catch {
    // unavailable() already said so; the run is flagged by the manifest's cpus
  }
}

/** A results file with no trial yet; `rest` sets the plan, calibration or capacity. */
export function emptyResults(
  id: string,
  started: Date,
  manifest: Manifest,
  rest: Partial<Pick<Results, 'plan' | 'calibration' | 'capacity'>> = {},
): Results {
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: id,
    status: 'running',
    startedAt: started.toISOString(),
    manifest,
    calibration: {},
    plan: [],
    trials: [],
    summary: [],
    ...rest,
  };
}

/** A new results file's content: manifest, empty trials, the plan. */
export async function initialResults(input: {
  id: string;
  started: Date;
  driver: LoadDriver;
  isolation: Isolation;
  settings: RunSettings;
  profile: string;
  rounds: number;
  scenarios: readonly LoadedScenario[];
  plan: Results['plan'];
  argv: string[];
}): Promise<Results> {
  const { driver, settings } = input;
  return emptyResults(
    input.id,
    input.started,
    buildManifest({
      driver: {
        name: driver.name,
        version: await driver.version(),
        options: driver.options(jobFor(input.scenarios[0]!, settings)),
      },
      isolation: input.isolation.name,
      cpus: { server: settings.serverCpus ?? 'unpinned', load: settings.loadCpus ?? 'unpinned' },
      profile: input.profile,
      seed: settings.seed,
      rounds: input.rounds,
      durationS: settings.durationS,
      warmupS: settings.warmupS,
      ...(settings.windows !== undefined && { windows: settings.windows }),
      scenarios: input.scenarios.map((s) => ({ name: s.scenario.name, hash: s.hash })),
      command: input.argv,
    }),
    { plan: input.plan },
  );
}

/** First Ctrl-C (or SIGTERM) aborts cleanly, keeping finished trials; a second one forces exit. */
export function onInterrupt(): { controller: AbortController; dispose(): void } {
  const controller = new AbortController();
  let count = 0;
  const onSignal = () => {
    count++;
    if (count === 1) {
      process.stderr.write(
        pc.yellow(
          '\nInterrupted: stopping the trial in flight, keeping finished trials… (again to force)\n',
        ),
      );
      controller.abort();
    } else process.exit(EXIT.INTERRUPTED);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    controller,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/** results/latest → the newest run folder. */
export async function pointLatest(outDir: string): Promise<void> {
  const latest = join(dirname(outDir), 'latest');
  try {
    await rm(latest, { force: true });
    await symlink(basename(outDir), latest);
  } catch {
    // a filesystem without symlinks: the run folder is still printed
  }
}
