/**
 * The run loop: the plan's trials in order, each written to results.json the moment it
 * ends (atomically), so a crash or Ctrl-C loses at most the trial in flight and
 * `--resume` continues from the plan. Clock, driver and isolation are injected.
 */
import type { ValidationMode } from '../../servers/contract/schemas.js';
import type { LoadDriver } from '../drivers/driver.js';
import type { Isolation, ServerSpec } from '../isolation/isolation.js';
import { writeResults } from '../results/io.js';
import type {
  PlannedTrial,
  Results,
  RunSettings as StoredSettings,
  Trial,
} from '../results/schema.js';
import { summarizeTrials } from '../results/summarize.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { trialKey } from './plan.js';
import { AbortedError } from '../exit-codes.js';
import { precisionOf } from './precision.js';
import { runTrial } from './trial.js';
import type { ValidityRules } from './validity.js';

/**
 * The settings a run measures with: what results.json stores as `settings` (docs/design.md §8)
 * without the driver's and isolation's names, plus where drivers keep their scripts.
 */
export type RunSettings = Omit<StoredSettings, 'driver' | 'isolation'> & {
  /** Where drivers keep the scripts they generate (the run folder). */
  scriptDir?: string;
};

export interface RunEvents {
  onTrialStart?(planned: PlannedTrial, done: number, total: number): void;
  onTrialEnd?(trial: Trial, done: number, total: number): void;
}

export interface RunDeps {
  driver: LoadDriver;
  isolation: Isolation;
  scenarios: ReadonlyMap<string, LoadedScenario>;
  /** Where results.json lives; undefined keeps results in memory (tests). */
  file?: string;
  now?: () => Date;
  signal?: AbortSignal;
  events?: RunEvents;
  rules?: ValidityRules;
  /** Per-trial server overrides (e.g. `ab`'s `<stack>@base` → the base version's entry). */
  serverFor?: (planned: PlannedTrial) => Partial<ServerSpec>;
}

async function save(deps: RunDeps, results: Results): Promise<void> {
  if (deps.file !== undefined) await writeResults(deps.file, results);
}

export function jobFor(scenario: LoadedScenario, settings: RunSettings) {
  return {
    scenario,
    connections: scenario.scenario.load.connections ?? settings.connections,
    pipelining: settings.pipelining ?? scenario.scenario.load.pipelining,
    warmupS: settings.warmupS,
    durationS: settings.durationS,
    ...(settings.windows !== undefined && { windows: settings.windows }),
    timeoutS: settings.timeoutS,
    cpus: settings.loadCpus,
    seed: settings.seed,
    ...(settings.rate !== undefined && { rate: settings.rate }),
    ...(settings.poll === true && { poll: true }),
    ...(settings.scriptDir !== undefined && { scriptDir: settings.scriptDir }),
  };
}

/** Runs every planned trial that `results` does not hold yet; returns the final results. */
export async function executeRun(
  deps: RunDeps,
  settings: RunSettings,
  results: Results,
): Promise<Results> {
  const now = deps.now ?? (() => new Date());
  const done = new Set(results.trials.map(trialKey));
  const total = results.plan.length;
  results.status = 'running';
  await save(deps, results);

  for (const planned of results.plan) {
    if (done.has(trialKey(planned))) continue;
    if (deps.signal?.aborted) break;
    const scenario = deps.scenarios.get(planned.scenario);
    if (scenario === undefined)
      throw new Error(`scenario ${planned.scenario} is in the plan but not loaded`);
    deps.events?.onTrialStart?.(planned, results.trials.length, total);
    let trial: Trial;
    try {
      trial = await runTrial(
        {
          isolation: deps.isolation,
          driver: deps.driver,
          now,
          signal: deps.signal,
          rules: deps.rules,
        },
        {
          id: `r${planned.round}-${planned.order}-${planned.stack}-${planned.scenario}-${planned.validation}`,
          round: planned.round,
          order: planned.order,
          stackLabel: planned.stack,
          server: {
            stack: planned.stack,
            validation: planned.validation as ValidationMode,
            cpus: settings.serverCpus,
            env: settings.serverEnv,
            ...deps.serverFor?.(planned),
          },
          job: {
            ...jobFor(scenario, settings),
            seed: settings.seed + planned.round * 1000 + planned.order,
          },
        },
      );
    } catch (error) {
      if (error instanceof AbortedError) break;
      throw error;
    }
    results.trials.push(trial);
    done.add(trialKey(trial));
    results.summary = summarizeTrials(results.trials, settings.seed);
    await save(deps, results);
    deps.events?.onTrialEnd?.(trial, results.trials.length, total);
  }

  const complete = results.plan.every((p) => done.has(trialKey(p)));
  results.status = complete ? 'completed' : 'interrupted';
  if (complete) results.finishedAt = now().toISOString();
  results.summary = summarizeTrials(results.trials, settings.seed);
  results.precision = precisionOf(results);
  await save(deps, results);
  return results;
}
