/**
 * The measuring session: the life of every measuring run (`run`, `ab`, `capacity`, `drivers`),
 * as k6's BaseExecutor or hyperfine's Scheduler own theirs. It checks the tools and the
 * capabilities once, verifies the contract, opens the output folder (one run-id format), writes
 * the manifest, keeps stackbench off the server's CPUs, calibrates, runs trials with the results
 * rewritten atomically after each, turns Ctrl-C/SIGTERM into status `interrupted`, and finishes
 * (status, `results/latest`, exit code). Commands only say what to measure.
 * See docs/design.md §9.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import pc from 'picocolors';
import type { LoadDriver } from '../drivers/driver.js';
import { AbortedError, CliError, EXIT, usageError } from '../exit-codes.js';
import type { Isolation } from '../isolation/isolation.js';
import { DRIVERS } from '../drivers/index.js';
import { ISOLATIONS } from '../isolation/index.js';
import { writeResults } from '../results/io.js';
import { type Manifest, type Results, type Trial, SCHEMA_VERSION } from '../results/schema.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { noisyNeighbours } from '../sampling/machine.js';
import { calibrateContainerOverhead, calibrateGenerator } from './calibrate.js';
import { catalogStacks, currentValidityRules } from '../results/migrate.js';
import { buildManifest } from './manifest.js';
import { jobFor, type RunSettings } from './orchestrate.js';
import { runTrial, type TrialContext, type TrialInput } from './trial.js';

/** `20261130-094249Z`, or `<kind>-20261130-094249Z` (ab, capacity, drivers). */
export function runId(date: Date, kind?: string): string {
  const stamp = date
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return kind === undefined ? stamp : `${kind}-${stamp}`;
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

/**
 * A results file with no trial yet; `rest` sets the plan, calibration, capacity or settings.
 * It records the validity rules and the stacks' labels of this checkout: reports read them
 * from the file.
 */
export function emptyResults(
  id: string,
  started: Date,
  manifest: Manifest,
  rest: Partial<Pick<Results, 'plan' | 'calibration' | 'capacity' | 'settings'>> = {},
): Results {
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: id,
    status: 'running',
    startedAt: started.toISOString(),
    manifest,
    validityRules: currentValidityRules(),
    stacks: catalogStacks(),
    calibration: {},
    plan: [],
    trials: [],
    summary: [],
    ...rest,
  };
}

/** The manifest of a run with one driver: its version and the options that shape results. */
export async function manifestFor(input: {
  driver: LoadDriver;
  isolation: Isolation;
  settings: RunSettings;
  profile: string;
  rounds: number;
  scenarios: readonly LoadedScenario[];
  argv: string[];
  /** Extra driver options for the manifest (e.g. capacity's SLO). */
  extraOptions?: Record<string, string | number | boolean>;
}): Promise<Manifest> {
  const { driver, settings } = input;
  return buildManifest({
    driver: {
      name: driver.name,
      version: await driver.version(),
      options: {
        ...driver.options(jobFor(input.scenarios[0]!, settings)),
        ...input.extraOptions,
      },
    },
    isolation: input.isolation.name,
    ...(input.isolation.capabilities.containers && { memory: 'container-working-set' as const }),
    cpus: { server: settings.serverCpus ?? 'unpinned', load: settings.loadCpus ?? 'unpinned' },
    profile: input.profile,
    seed: settings.seed,
    rounds: input.rounds,
    durationS: settings.durationS,
    warmupS: settings.warmupS,
    ...(settings.windows !== undefined && { windows: settings.windows }),
    scenarios: input.scenarios.map((s) => ({ name: s.scenario.name, hash: s.hash })),
    command: input.argv,
  });
}

/** The exact settings to store in results.json (`settings`), so `--resume` restores them. */
export function storedSettings(
  driver: LoadDriver,
  isolation: Isolation,
  settings: RunSettings,
): NonNullable<Results['settings']> {
  const { scriptDir: _dir, ...rest } = settings;
  return { driver: driver.name, isolation: isolation.name, ...rest };
}

/**
 * The settings `--resume` continues with: exactly those stored in results.json; for files
 * written before `settings` existed, rebuilt from the descriptive manifest (where wrk's
 * timeout is rounded to whole seconds).
 */
export function restoredSettings(results: Results): {
  names: { driver: string; isolation: string };
  settings: RunSettings;
} {
  const stored = results.settings;
  if (stored !== undefined) {
    const { driver, isolation, ...settings } = stored;
    return { names: { driver, isolation }, settings };
  }
  const m = results.manifest;
  return {
    names: { driver: m.driver.name, isolation: m.isolation },
    settings: {
      durationS: m.durationS,
      warmupS: m.warmupS,
      windows: m.windows ?? 1,
      connections: Number(m.driver.options.connections),
      timeoutS: Number(m.driver.options.timeoutS),
      seed: m.seed,
      serverCpus: m.cpus.server === 'unpinned' ? undefined : m.cpus.server,
      loadCpus: m.cpus.load === 'unpinned' ? undefined : m.cpus.load,
      ...(m.driver.options.rate !== undefined && { rate: Number(m.driver.options.rate) }),
    },
  };
}

/** What a command asks of its driver and isolation; each names the flag that asked. */
export interface Needs {
  /** The open model (a flag such as `--rate`, or a command such as `capacity`). */
  openModel?: string;
  /** Pipelining: the depth asked and who asked (a scenario's `load.pipelining`). */
  pipelining?: { depth: number; by: string };
  /** Servers from another checkout (`ab`). */
  customEntry?: string;
}

const withCapability = (
  registry: Readonly<Record<string, { capabilities: object }>>,
  key: string,
): string =>
  Object.entries(registry)
    .filter(([, item]) => (item.capabilities as Record<string, unknown>)[key] === true)
    .map(([name]) => name)
    .join(', ') || 'none yet';

/**
 * Checks once, before anything runs, that the driver and isolation declare what the command
 * needs: a usage error naming the flag otherwise (drivers do not re-check).
 */
export function checkCapabilities(driver: LoadDriver, isolation: Isolation, needs: Needs): void {
  if (needs.openModel !== undefined && !driver.capabilities.openModel)
    throw usageError(
      `${needs.openModel} needs a driver with the open model; --driver ${driver.name} has none (drivers with it: ${withCapability(DRIVERS, 'openModel')})`,
    );
  if (
    needs.pipelining !== undefined &&
    needs.pipelining.depth > 1 &&
    !driver.capabilities.pipelining
  )
    throw usageError(
      `${needs.pipelining.by} pipelines ${needs.pipelining.depth} requests per connection; --driver ${driver.name} cannot pipeline (drivers that can: ${withCapability(DRIVERS, 'pipelining')})`,
    );
  if (needs.customEntry !== undefined && !isolation.capabilities.customEntry)
    throw usageError(
      `${needs.customEntry} needs an isolation that runs another checkout's servers; --isolation ${isolation.name} cannot (isolations that can: ${withCapability(ISOLATIONS, 'customEntry')})`,
    );
}

/** Every driver and the isolation usable here (exit 4 naming what is missing), then cleanup. */
export async function checkTools(drivers: readonly LoadDriver[], isolation: Isolation) {
  for (const missing of [
    ...(await Promise.all(drivers.map((d) => d.unavailable()))),
    await isolation.unavailable(),
  ]) {
    if (missing !== undefined) throw new CliError(missing, EXIT.MISSING_TOOL);
  }
  // Containers (or anything else) a killed earlier run left behind.
  if (isolation.capabilities.needsCleanup) await isolation.cleanup?.();
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

export interface SessionStart {
  /** Run-id prefix (`ab`, `capacity`, `drivers`); none for `run`. */
  kind?: string;
  /** `--out`; default `results/<run-id>/`. */
  out?: string;
  /** Point `results/latest` at the new folder (when `--out` is not given). */
  latest?: boolean;
  /** The load generator's CPUs: stackbench pins itself there. */
  loadCpus?: string;
  /** The new results file's content, once the folder exists. */
  create(id: string, started: Date, dir: string): Promise<Results>;
}

export class Session {
  private readonly interrupts = onInterrupt();

  private constructor(
    readonly file: string,
    public results: Results,
  ) {}

  /** A new run: its folder, results.json with the manifest, pinning and Ctrl-C handling. */
  static async open(start: SessionStart): Promise<Session> {
    const started = new Date();
    const id = runId(started, start.kind);
    const dir = resolve(start.out ?? join('results', id));
    await mkdir(dir, { recursive: true });
    const session = new Session(join(dir, 'results.json'), await start.create(id, started, dir));
    await session.save();
    if (start.latest === true && start.out === undefined) await pointLatest(dir);
    pinSelf(start.loadCpus);
    return session;
  }

  /** An interrupted run read back for `--resume`. */
  static resume(file: string, results: Results, loadCpus: string | undefined): Session {
    pinSelf(loadCpus);
    return new Session(file, results);
  }

  get dir(): string {
    return dirname(this.file);
  }

  get signal(): AbortSignal {
    return this.interrupts.controller.signal;
  }

  get interrupted(): boolean {
    return this.signal.aborted || this.results.status === 'interrupted';
  }

  /** Rewrites results.json atomically. */
  save(): Promise<void> {
    return writeResults(this.file, this.results);
  }

  /** One trial with the session's abort signal (throws AbortedError on Ctrl-C). */
  trial(ctx: Omit<TrialContext, 'signal'>, input: TrialInput): Promise<Trial> {
    return runTrial({ ...ctx, signal: this.signal }, input);
  }

  /** The calibrations the run does not hold yet: generator ceiling, container overhead. */
  async calibrate(
    driver: LoadDriver,
    isolation: Isolation,
    settings: RunSettings,
    loaded: Map<string, LoadedScenario>,
  ): Promise<void> {
    const { calibration } = this.results;
    const limit = this.results.validityRules.otherCpuLimitPercent;
    const noisy = limit === undefined ? undefined : await noisyNeighbours(limit);
    if (noisy !== undefined) process.stderr.write(pc.yellow(`Warning: ${noisy}\n`));
    if (calibration.generatorCeiling === undefined && !this.signal.aborted)
      await calibrateGenerator(this.results, settings, driver, isolation, loaded, this.signal);
    if (
      isolation.capabilities.containers &&
      calibration.containerOverhead === undefined &&
      !this.signal.aborted
    )
      await calibrateContainerOverhead(
        this.results,
        settings,
        driver,
        isolation,
        loaded,
        this.signal,
      );
  }

  /**
   * Runs the measuring work; an abort (Ctrl-C) ends it quietly, any other error propagates.
   * Signal handlers are removed either way.
   */
  async measure(work: (session: this) => Promise<void>): Promise<void> {
    try {
      await work(this);
    } catch (error) {
      if (!(error instanceof AbortedError) && !this.signal.aborted) throw error;
    } finally {
      this.interrupts.dispose();
    }
  }

  /** Final status and time, written; returns the results. */
  async finish(): Promise<Results> {
    const { results } = this;
    if (this.signal.aborted) results.status = 'interrupted';
    else if (results.status === 'running') results.status = 'completed';
    if (results.status === 'completed') results.finishedAt ??= new Date().toISOString();
    await this.save();
    return results;
  }

  /** 130 when interrupted; else 0 when `ok`, 5 (no valid result) when not. */
  exitCode(ok: boolean): number {
    if (this.interrupted) return EXIT.INTERRUPTED;
    return ok ? EXIT.OK : EXIT.NO_VALID_RESULT;
  }
}
