/**
 * Runs a list of planned trials that `run`'s main plan does not hold — the equal-load phase,
 * a sweep — the same way executeRun runs the main plan: in plan order, skipping those already
 * done (`--resume`), each handed to `onTrial` (which records it and writes results.json)
 * before the next starts, stopping cleanly on abort.
 */
import type { ValidationMode } from '../../servers/contract/schemas.js';
import type { LoadDriver, LoadJob } from '../drivers/driver.js';
import type { Isolation } from '../isolation/isolation.js';
import type { Trial } from '../results/schema.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { AbortedError } from '../exit-codes.js';
import { runTrial } from './trial.js';
import type { ValidityRules } from './validity.js';

export interface PlannedLike {
  round: number;
  order: number;
  stack: string;
  scenario: string;
  validation: string;
}

export interface PlannedDeps {
  driver: LoadDriver;
  isolation: Isolation;
  scenarios: ReadonlyMap<string, LoadedScenario>;
  serverCpus?: string;
  serverEnv?: Record<string, string>;
  now?: () => Date;
  signal?: AbortSignal;
  rules?: ValidityRules;
  onTrialStart?(index: number, total: number): void;
}

/**
 * @returns true when every planned trial is done, false when aborted first
 */
export async function runPlannedTrials<P extends PlannedLike>(
  deps: PlannedDeps,
  plan: readonly P[],
  options: {
    isDone(planned: P): boolean;
    id(planned: P): string;
    job(planned: P, scenario: LoadedScenario): Omit<LoadJob, 'url'>;
    onTrial(planned: P, trial: Trial): Promise<void>;
  },
): Promise<boolean> {
  for (const [index, planned] of plan.entries()) {
    if (options.isDone(planned)) continue;
    if (deps.signal?.aborted) return false;
    const scenario = deps.scenarios.get(planned.scenario);
    if (scenario === undefined)
      throw new Error(`scenario ${planned.scenario} is in the plan but not loaded`);
    deps.onTrialStart?.(index, plan.length);
    let trial: Trial;
    try {
      trial = await runTrial(
        {
          isolation: deps.isolation,
          driver: deps.driver,
          now: deps.now,
          signal: deps.signal,
          rules: deps.rules,
        },
        {
          id: options.id(planned),
          round: planned.round,
          order: planned.order,
          server: {
            stack: planned.stack,
            validation: planned.validation as ValidationMode,
            cpus: deps.serverCpus,
            env: deps.serverEnv,
          },
          job: options.job(planned, scenario),
        },
      );
    } catch (error) {
      if (error instanceof AbortedError) return false;
      throw error;
    }
    await options.onTrial(planned, trial);
  }
  return true;
}
