/**
 * `stackbench capacity`'s own flags, parsed with every error naming the flag; the load flags
 * (warm-up, connections, timeout, seed, CPUs, driver, isolation) are the shared ones.
 */
import type { StackInfo } from '../../servers/stacks.js';
import { VALIDATION_MODES, type ValidationMode } from '../../servers/contract/schemas.js';
import { usageError } from '../exit-codes.js';
import { parseInteger, parseList, parseSeconds, parseStacks } from '../options.js';
import {
  LOAD_BOUNDS,
  type LoadFlagValues,
  type LoadSettings,
  parseLoadFlags,
} from '../run/load-flags.js';
import type { LoadedScenario } from '../scenarios/load.js';
import type { CapacityPlan } from './plan.js';
import { type Budget, DEFAULT_BUDGET, parseSlo, type Slo } from './slo.js';

export interface CapacityOptions extends LoadFlagValues {
  slo?: string;
  stack?: string;
  scenario: string;
  validation: string;
  errorBudget: string;
  startRate?: string;
  startFraction: string;
  fractions?: string;
  growth: string;
  precision: string;
  maxRate: string;
  maxSteps: string;
  stepDuration: string;
  probeDuration: string;
  out?: string;
}

/** capacity's defaults for the shared load flags: a short warm-up, the probe's VUs. */
export const CAPACITY_LOAD_DEFAULTS = { warmupS: 1, connections: 32 };

export interface CapacitySettings {
  slo: Slo;
  budget: Budget;
  stacks: StackInfo[];
  scenarios: LoadedScenario[];
  validation: ValidationMode;
  /** The first rate, when given; else a fraction of the probed closed-model peak. */
  startRate?: number;
  startFraction: number;
  /** Fixed fractions of the probed peak instead of a search. */
  fractions?: number[];
  plan: Omit<CapacityPlan, 'startRps'>;
  probeS: number;
  /** The load of each step (`durationS` is `--step-duration`). */
  load: LoadSettings;
}

const parseNumber = (flag: string, value: string, min: number, max: number): number => {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw usageError(`${flag}: expected a number from ${min} to ${max}, got "${value}"`);
  return n;
};

export function parseCapacityOptions(
  options: CapacityOptions,
  loaded: ReadonlyMap<string, LoadedScenario>,
): CapacitySettings {
  if (options.slo === undefined) throw usageError("--slo: required, e.g. --slo 'p99<50ms'");
  let slo: Slo;
  try {
    slo = parseSlo(options.slo);
  } catch (error) {
    throw usageError((error as Error).message);
  }
  const stacks = parseStacks(options.stack);
  const scenarios = parseList('--scenario', options.scenario, [...loaded.keys()]).map((n) =>
    loaded.get(n)!,
  );
  const validation = parseList('--validation', options.validation, VALIDATION_MODES);
  if (validation.length !== 1) throw usageError('--validation: give one mode');
  const startRate =
    options.startRate === undefined
      ? undefined
      : parseNumber('--start-rate', options.startRate, LOAD_BOUNDS.rate.min, LOAD_BOUNDS.rate.max);
  const fractions = options.fractions
    ?.split(',')
    .map((f) => parseNumber('--fractions', f.trim(), 0.01, 10));
  if (fractions !== undefined && startRate !== undefined)
    throw usageError(
      '--fractions: fractions of the probed peak cannot be combined with --start-rate',
    );
  const { durationS } = LOAD_BOUNDS;
  const stepS = parseSeconds('--step-duration', options.stepDuration, durationS.min, durationS.max);
  return {
    slo,
    budget: {
      ...DEFAULT_BUDGET,
      errorBudget: parseNumber('--error-budget', options.errorBudget, 0, 100) / 100,
    },
    stacks,
    scenarios,
    validation: validation[0]!,
    ...(startRate !== undefined && { startRate }),
    startFraction: parseNumber('--start-fraction', options.startFraction, 0.01, 10),
    ...(fractions !== undefined && { fractions }),
    plan: {
      growth: parseNumber('--growth', options.growth, 1.01, 10),
      precision: parseNumber('--precision', options.precision, 0.001, 1),
      maxRps: parseNumber(
        '--max-rate',
        options.maxRate,
        LOAD_BOUNDS.rate.min,
        LOAD_BOUNDS.rate.max,
      ),
      minRps: 1,
      maxSteps: parseInteger('--max-steps', options.maxSteps, 1, 100),
    },
    probeS: parseSeconds('--probe-duration', options.probeDuration, durationS.min, durationS.max),
    load: parseLoadFlags(options, { ...CAPACITY_LOAD_DEFAULTS, durationS: stepS }),
  };
}
