/**
 * The concurrency sweep's plan, a pure function: every (stack, scenario, validation) cell at
 * every level of the work — connections (closed model) or arrival rates (open model) — in
 * rounds, each round in its own seeded shuffle, so drift on a shared machine hits every
 * stack and level alike (as `run` interleaves its cells).
 */
import { usageError } from '../exit-codes.js';
import { shuffle, type PlannedCell } from '../run/plan.js';
import { createRng, deriveSeed } from '../stats/random.js';

export type SweepModel = 'closed' | 'open';

export interface SweepLevels {
  /** closed: `level` is a connection count; open: an arrival rate in req/s. */
  model: SweepModel;
  /** Ascending, distinct, positive integers. */
  levels: number[];
}

export interface PlannedSweepTrial extends PlannedCell {
  round: number;
  /** Position inside its round (1-based), after the seeded shuffle. */
  order: number;
  level: number;
}

/** The connection counts of `sweep --connections` when none are given. */
export const DEFAULT_CONNECTIONS = [1, 8, 32, 128, 512] as const;

/**
 * Parses a comma-separated list of whole numbers from `min` to `max` (`1,8,32`), sorted and
 * without repeats; every bad item is reported at once, naming the flag.
 */
export function parseLevels(flag: string, value: string, min: number, max: number): number[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0)
    throw usageError(`${flag}: expected a comma-separated list of integers, got "${value}"`);
  const bad = items.filter((item) => {
    const n = Number(item);
    return !/^\d+$/.test(item) || !Number.isSafeInteger(n) || n < min || n > max;
  });
  if (bad.length > 0)
    throw usageError(
      `${flag}: expected integers from ${min} to ${max}, got ${bad.map((b) => `"${b}"`).join(', ')}`,
    );
  return [...new Set(items.map(Number))].sort((a, b) => a - b);
}

/** `rounds` rounds, each holding every cell at every level once, in a seeded order of its own. */
export function planSweep(
  cells: readonly PlannedCell[],
  levels: readonly number[],
  rounds: number,
  seed: number,
): PlannedSweepTrial[] {
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new RangeError(`Expected rounds to be a positive integer, got ${String(rounds)}`);
  const units = cells.flatMap((cell) => levels.map((level) => ({ ...cell, level })));
  const plan: PlannedSweepTrial[] = [];
  for (let round = 1; round <= rounds; round++) {
    const rng = createRng(deriveSeed(seed, `sweep-round-${round}`));
    shuffle(units, rng).forEach((unit, i) => plan.push({ round, order: i + 1, ...unit }));
  }
  return plan;
}
