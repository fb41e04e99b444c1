/**
 * What container isolation costs: the baseline stack on one route, in a plain pinned process and in
 * a container, in the same run, interleaved for a few rounds (the order alternates so
 * neither side always runs first), compared on medians.
 */
import type { LoadDriver } from '../drivers/driver.js';
import type { Isolation } from '../isolation/isolation.js';
import type { Results, Trial, TrialMetrics } from '../results/schema.js';
import type { LoadedScenario } from '../scenarios/load.js';
import { median } from '../stats/describe.js';
import { BASELINE_STACK } from '../../servers/stacks.js';
import { isMeasured } from '../results/cells.js';
import { jobFor, type RunSettings } from './orchestrate.js';
import { runTrial } from './trial.js';

export type ContainerOverhead = NonNullable<Results['calibration']['containerOverhead']>;
type Side = ContainerOverhead['process'];

export const OVERHEAD_STACK = BASELINE_STACK;
export const OVERHEAD_SCENARIO = 'json';
/** @default rounds of the calibration */
export const OVERHEAD_ROUNDS = 3;

function side(metrics: readonly TrialMetrics[]): Side {
  return {
    rps: median(metrics.map((m) => m.rps)),
    cpuUsPerRequest: median(metrics.map((m) => m.cpuUsPerRequest)),
    p99Us: median(metrics.map((m) => m.latencyUs.p99)),
  };
}

/**
 * Both sides run the same stack under the same load, so an unsaturated trial still compares
 * like with like here (a container's CPU comes from its cgroup, which has no run-queue time to
 * show saturation on a noisy host); invalid and crashed trials never count.
 */
const usable = (t: Trial): t is Trial & { metrics: NonNullable<Trial['metrics']> } =>
  isMeasured(t) || (t.state === 'not-saturated' && t.metrics !== undefined);

const change = (container: number, process: number) =>
  process === 0 ? 0 : ((container - process) / process) * 100;

/**
 * The overhead from both sides' trials; undefined when either side has no usable trial.
 * `rounds` counts the rounds that were run.
 */
export function summarizeOverhead(
  processTrials: readonly Trial[],
  containerTrials: readonly Trial[],
  rounds: number,
): ContainerOverhead | undefined {
  const p = processTrials.filter(usable).map((t) => t.metrics);
  const c = containerTrials.filter(usable).map((t) => t.metrics);
  if (p.length === 0 || c.length === 0) return undefined;
  const processSide = side(p);
  const containerSide = side(c);
  return {
    stack: OVERHEAD_STACK,
    scenario: OVERHEAD_SCENARIO,
    rounds,
    process: processSide,
    container: containerSide,
    rpsChangePercent: change(containerSide.rps, processSide.rps),
    cpuChangePercent: change(containerSide.cpuUsPerRequest, processSide.cpuUsPerRequest),
  };
}

/** Which isolation goes first in each round: process first in odd rounds, container in even. */
export function overheadOrder(round: number): ['process' | 'container', 'process' | 'container'] {
  return round % 2 === 1 ? ['process', 'container'] : ['container', 'process'];
}

export interface OverheadDeps {
  driver: LoadDriver;
  process: Isolation;
  container: Isolation;
  scenarios: ReadonlyMap<string, LoadedScenario>;
  signal?: AbortSignal;
  rounds?: number;
  log?: (line: string) => void;
}

/** Runs the interleaved rounds; undefined if the scenario is missing, the run was interrupted or a side never worked. */
export async function measureContainerOverhead(
  deps: OverheadDeps,
  settings: RunSettings,
): Promise<ContainerOverhead | undefined> {
  const scenario = deps.scenarios.get(OVERHEAD_SCENARIO);
  if (scenario === undefined) return undefined;
  const rounds = deps.rounds ?? OVERHEAD_ROUNDS;
  const trials: Record<'process' | 'container', Trial[]> = { process: [], container: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const [index, which] of overheadOrder(round).entries()) {
      if (deps.signal?.aborted) return undefined;
      const trial = await runTrial(
        { isolation: deps[which], driver: deps.driver, signal: deps.signal },
        {
          id: `container-overhead-${round}-${which}`,
          round,
          order: index + 1,
          server: {
            stack: OVERHEAD_STACK,
            validation: 'zod',
            cpus: settings.serverCpus,
            env: settings.serverEnv,
          },
          job: {
            ...jobFor(scenario, settings),
            warmupS: Math.min(1, settings.warmupS),
            durationS: Math.min(3, settings.durationS),
            seed: settings.seed + round,
          },
        },
      );
      if (!usable(trial))
        deps.log?.(`  ${which} trial of round ${round} is ${trial.state}: ${trial.reason ?? ''}`);
      trials[which].push(trial);
    }
  }
  return summarizeOverhead(trials.process, trials.container, rounds);
}
