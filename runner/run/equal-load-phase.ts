/**
 * The run's equal-load phase: after the saturated (closed-model) phase, every stack is
 * measured at the same open-model arrival rates — fractions of the slowest stack's measured
 * capacity, and of its own — interleaved and paired by round like the main plan, with an
 * open-model driver (latency from the intended send time). Stored in results.json
 * `equalLoad`, written after every trial; `--resume` continues it from its plan.
 */
import type { LoadDriver } from '../drivers/driver.js';
import { DEFAULT_OPEN_MODEL_DRIVER, DRIVERS, OPEN_MODEL_POOL } from '../drivers/index.js';
import { usageError } from '../exit-codes.js';
import { writeResults } from '../results/io.js';
import type { EqualLoadTrial, Results } from '../results/schema.js';
import { summarizeEqualLoad } from './equal-load-summary.js';
import {
  EQUAL_LOAD_BASES,
  equalLoadKey,
  equalLoadProblems,
  planEqualLoad,
  planEqualLoadRounds,
  type CellCapacity,
  type EqualLoadBasis,
} from './equal-load.js';
import { jobFor, type RunSettings } from './orchestrate.js';
import { trialKey } from './plan.js';
import { runPlannedTrials, type PlannedDeps } from './planned-trials.js';

export interface EqualLoadSettings {
  fractions: readonly number[];
  bases: readonly EqualLoadBasis[];
  /** Only cells in this validation mode (the budget's main lever); default: every mode run. */
  validation?: string;
  /** Rounds (default: the run's); at least 3 for a paired interval. */
  rounds?: number;
  /** Measured windows per server process (default 1). */
  windows?: number;
  /** Warm-up before each process's window, s (default: the run's). */
  warmupS?: number;
}

/**
 * What each profile measures at equal load. quick keeps `npm run bench` within its 5-minute
 * budget: one rate (25 % of the slowest stack's capacity), one validation mode, 3 rounds of
 * 1 s of warm-up and one window (12 trials, about 36 s with four stacks); thorough measures
 * 10/25/40 % of the slowest's and of each stack's own capacity.
 *
 * The capacities are closed-model ones, measured with the generator polling (a saturated
 * server that never waits for requests). In the open model the server idles between requests
 * and pays for its own wake-ups and single-request reads: on this 2-vCPU VM Express held
 * ~1,500–1,800 req/s there against 4,320 closed (2026-11-30), so 50 % of its closed capacity
 * overloaded it (every trial dropped iterations). Fractions up to 40 % keep every stack
 * below what it holds in the open model.
 */
const QUICK_EQUAL_LOAD: EqualLoadSettings = {
  fractions: [0.25],
  bases: ['slowest'],
  validation: 'zod',
  rounds: 3,
  windows: 1,
  warmupS: 1,
};
export const EQUAL_LOAD_PROFILES: Readonly<Record<string, EqualLoadSettings | 'off'>> = {
  quick: QUICK_EQUAL_LOAD,
  thorough: { fractions: [0.1, 0.25, 0.4], bases: ['slowest', 'own'] },
  // The guide's table has no latency column: none unless --equal-load asks (then as quick's).
  guide: 'off',
};

/** The saturated phase's capacities: each cell's median req/s (unsaturated ones are floors). */
export function capacitiesFrom(results: Results, validation?: string): CellCapacity[] {
  return results.summary
    .filter((c) => validation === undefined || c.validation === validation)
    .map((c) => ({
      stack: c.stack,
      scenario: c.scenario,
      validation: c.validation,
      rps: c.rps?.estimate ?? 0,
      ...(c.flags.some((f) => f === 'generator-bound' || f === 'not-saturated') && {
        floor: true,
      }),
    }));
}

/** Plans the phase into `results.equalLoad` (once: a resumed run keeps its plan). */
export function startEqualLoad(
  results: Results,
  driver: LoadDriver,
  settings: EqualLoadSettings,
  seed: number,
): NonNullable<Results['equalLoad']> {
  if (results.equalLoad !== undefined) return results.equalLoad;
  const capacities = capacitiesFrom(results, settings.validation);
  const { points } = planEqualLoad(capacities, settings);
  const rounds = planEqualLoadRounds(points, settings.rounds ?? results.manifest.rounds, seed);
  results.equalLoad = {
    driver: driver.name,
    fractions: [...settings.fractions],
    bases: [...settings.bases],
    ...(settings.windows !== undefined && { windows: settings.windows }),
    ...(settings.warmupS !== undefined && { warmupS: settings.warmupS }),
    capacities,
    plan: rounds.map((p) => ({
      round: p.round,
      order: p.order,
      stack: p.stack,
      scenario: p.scenario,
      validation: p.validation,
      offeredRps: p.rps,
      labels: p.labels,
      flags: p.flags,
    })),
    trials: [],
    summary: [],
  };
  return results.equalLoad;
}

/**
 * Measures every planned equal-load trial not done yet, writing `file` after each.
 * @returns true when the phase is complete, false when interrupted
 */
export async function runEqualLoad(
  deps: PlannedDeps & { file?: string },
  runSettings: RunSettings,
  results: Results,
): Promise<boolean> {
  const phase = results.equalLoad;
  if (phase === undefined) return true;
  const done = new Set(phase.trials.map(trialKey));
  const flags = new Map(
    phase.plan.map((p) => [equalLoadKey({ ...p, rps: p.offeredRps }), p.flags]),
  );
  const save = async () => {
    phase.summary = summarizeEqualLoad(phase.trials, runSettings.seed, {
      flagsFor: (c) => flags.get(equalLoadKey({ ...c, rps: c.offeredRps })) ?? [],
    });
    if (deps.file !== undefined) await writeResults(deps.file, results);
  };
  const complete = await runPlannedTrials(deps, phase.plan, {
    isDone: (p) => done.has(trialKey(p)),
    id: (p) => `e${p.round}-${p.order}-${p.stack}-${p.scenario}-${p.validation}-${p.offeredRps}`,
    job: (p, scenario) => ({
      ...jobFor(scenario, runSettings),
      rate: p.offeredRps,
      // The open model's pool: a stall must not slow the sender.
      connections: Math.max(OPEN_MODEL_POOL, runSettings.connections),
      windows: phase.windows ?? 1,
      ...(phase.warmupS !== undefined && { warmupS: phase.warmupS }),
      seed: runSettings.seed + 500 + p.round * 1000 + p.order,
    }),
    onTrial: async (p, trial) => {
      const recorded: EqualLoadTrial = { ...trial, offeredRps: p.offeredRps, labels: p.labels };
      phase.trials.push(recorded);
      done.add(trialKey(p));
      await save();
    },
  });
  await save();
  return complete;
}

/**
 * `--equal-load 0.25,0.5,0.75` / `off`, `--equal-load-basis slowest,own`: the phase's settings,
 * or undefined for none; the profile's when no flag is given.
 */
export function parseEqualLoadFlags(
  profile: string,
  fractions: string | undefined,
  basis: string | undefined,
): EqualLoadSettings | undefined {
  const declared = EQUAL_LOAD_PROFILES[profile];
  if (fractions?.trim() === 'off' || (declared === 'off' && fractions === undefined))
    return undefined;
  const base = declared === undefined || declared === 'off' ? QUICK_EQUAL_LOAD : declared;
  const settings: EqualLoadSettings = {
    ...base,
    ...(fractions !== undefined && {
      fractions: parseList('--equal-load', fractions).map((f) => {
        const n = Number(f);
        if (f === '' || !(n > 0 && n <= 1))
          throw usageError(
            `--equal-load: expected fractions of a capacity in (0, 1] such as 0.25,0.5,0.75, or off; got "${f}"`,
          );
        return n;
      }),
      // Fractions given by hand apply to every validation mode run.
      validation: undefined,
    }),
    ...(basis !== undefined && {
      bases: parseList('--equal-load-basis', basis).map((b) => {
        if (!(EQUAL_LOAD_BASES as readonly string[]).includes(b))
          throw usageError(
            `--equal-load-basis: expected ${EQUAL_LOAD_BASES.join(' and/or ')}, got "${b}"`,
          );
        return b as EqualLoadBasis;
      }),
    }),
  };
  const problems = equalLoadProblems(settings);
  if (problems.length > 0) throw usageError(`--equal-load: ${problems.join('; ')}`);
  return settings;
}

const parseList = (flag: string, value: string) => {
  const items = value.split(',').map((s) => s.trim());
  if (items.length === 0 || items.every((s) => s === ''))
    throw usageError(`${flag}: expected a comma-separated list, got "${value}"`);
  return items;
};

/**
 * The driver for the phase: the run's own when it has the open model, else the default
 * open-model driver; undefined (with why) when none is usable here.
 */
export async function openModelDriverFor(
  runDriver: LoadDriver,
): Promise<{ driver?: LoadDriver; why?: string }> {
  if (runDriver.capabilities.openModel) return { driver: runDriver };
  const fallback = DRIVERS[DEFAULT_OPEN_MODEL_DRIVER];
  if (fallback === undefined || !fallback.capabilities.openModel)
    return { why: `no open-model driver is registered (${DEFAULT_OPEN_MODEL_DRIVER})` };
  const missing = await fallback.unavailable();
  return missing === undefined ? { driver: fallback } : { why: missing };
}

/**
 * The whole phase inside `run`: plan it (once), measure it, and set the run's status —
 * `completed` only when the phase is complete too, so `--resume` continues an interrupted one.
 */
export async function equalLoadPhase(
  deps: PlannedDeps & { file?: string },
  runSettings: RunSettings,
  results: Results,
  settings: EqualLoadSettings,
): Promise<Results> {
  const now = deps.now ?? (() => new Date());
  const phase = startEqualLoad(results, deps.driver, settings, runSettings.seed);
  results.status = 'running';
  delete results.finishedAt;
  console.log(
    `Latency at equal offered load: ${phase.plan.length} open-model trials (${deps.driver.name}) at ${phase.fractions.map((f) => `${f * 100} %`).join(', ')} of ${phase.bases.map((b) => (b === 'own' ? "each stack's own" : "the slowest stack's")).join(' and ')} capacity`,
  );
  const complete = await runEqualLoad(deps, runSettings, results);
  results.status = complete ? 'completed' : 'interrupted';
  if (complete) results.finishedAt = now().toISOString();
  if (deps.file !== undefined) await writeResults(deps.file, results);
  return results;
}
