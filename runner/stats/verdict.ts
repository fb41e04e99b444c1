/**
 * Verdicts for `stackbench compare`: did a cell's metric get better, worse, stay the
 * same, or is the measurement too noisy to say?
 */
import { ratioOfMediansCi } from './bootstrap.js';
import { holm } from './holm.js';
import { mannWhitneyU, type MannWhitneyMethod } from './mann-whitney.js';
import { createRng, deriveSeed, type Rng } from './random.js';

export type VerdictKind = 'improvement' | 'regression' | 'no change' | 'too noisy';

/** Groups with fewer values than this get 'too noisy': their bootstrap interval means little. */
export const MIN_SAMPLES = 2;

export interface VerdictOptions {
  /**
   * Minimum effect worth reporting, as a fraction of the base median (0.05 = 5 %).
   * @default 0.05
   */
  threshold?: number;
  /**
   * Significance level for the (adjusted) p-value.
   * @default 0.05
   */
  alpha?: number;
  /**
   * Confidence level of the ratio interval.
   * @default 0.95
   */
  confidence?: number;
  /**
   * Bootstrap resamples for the ratio interval.
   * @default 2000
   */
  resamples?: number;
}

export interface VerdictInput extends VerdictOptions {
  /** The metric's per-trial values in the baseline (e.g. the older results file). */
  base: readonly number[];
  /** The metric's per-trial values in the candidate. */
  head: readonly number[];
  /** true for req/s and bytes/s; false for latency, CPU per request, RSS. */
  higherIsBetter: boolean;
  /** The p-value after correction across cells (Holm); defaults to this cell's raw p. */
  adjustedP?: number;
  /** The random source for the bootstrap; pass `createRng(seed)`. */
  rng: Rng;
}

export interface VerdictResult {
  verdict: VerdictKind;
  /** median(head) / median(base); `NaN` when a group is empty. */
  ratio: number;
  /** Percentile bootstrap interval of the ratio of medians. */
  ci: { low: number; high: number };
  /** Raw two-sided Mann–Whitney p-value. */
  p: number;
  /** The p-value the decision used (Holm-adjusted when given, else `p`). */
  adjustedP: number;
  /** How `p` was computed. */
  method: MannWhitneyMethod;
}

function validateOptions(options: VerdictOptions & { adjustedP?: number }): string[] {
  const problems: string[] = [];
  const { threshold, alpha, adjustedP } = options;
  if (threshold !== undefined && !(threshold >= 0 && threshold < 1)) {
    problems.push(`Expected the threshold option to be in [0, 1), got ${String(threshold)}`);
  }
  if (alpha !== undefined && !(alpha > 0 && alpha < 1)) {
    problems.push(`Expected the alpha option to be between 0 and 1, got ${String(alpha)}`);
  }
  if (adjustedP !== undefined && !(adjustedP >= 0 && adjustedP <= 1)) {
    problems.push(`Expected adjustedP to be in [0, 1], got ${String(adjustedP)}`);
  }
  return problems;
}

/**
 * Decides whether `head` differs from `base` by more than the threshold t.
 *
 * Evidence: the ratio of medians r = median(head) / median(base) with its percentile
 * bootstrap interval [low, high] (groups resampled independently), and the two-sided
 * Mann–Whitney p-value (replaced by `adjustedP` when the caller corrected for multiple
 * cells). Rules, in order:
 *
 * 1. Either group has fewer than {@link MIN_SAMPLES} values → **'too noisy'** (ratio and
 *    interval are `NaN` when a group is empty).
 * 2. p < α and the whole interval lies beyond the threshold on one side (low > 1 + t, or
 *    high < 1 − t) → a change: head above base is an **'improvement'** when
 *    `higherIsBetter`, else a **'regression'**; head below base is the reverse. An
 *    interval wholly beyond the threshold resolves it whatever its width.
 * 3. The interval cannot resolve the threshold: it is wider than 2t (which includes
 *    spanning both 1 − t and 1 + t) → **'too noisy'**.
 * 4. A change beyond the threshold is suggested but not shown: the ratio, or the whole
 *    interval, lies beyond 1 ± t, yet rule 2 failed (p ≥ α — too few rounds for the
 *    rank test, or too many cells after Holm — or the interval reaches back inside
 *    1 ± t) → **'too noisy'**: more rounds are needed, and 'no change' would hide a
 *    likely change.
 * 5. Otherwise → **'no change'**: the interval is at most 2t wide, the ratio is within
 *    1 ± t, and no change beyond t was shown.
 *
 * @throws RangeError on invalid options or values (see `ratioOfMediansCi`)
 */
export function verdict(input: VerdictInput): VerdictResult {
  const { base, head, higherIsBetter, threshold = 0.05, alpha = 0.05, rng } = input;
  const problems = validateOptions(input);
  if (problems.length > 0) throw new RangeError(problems.join('; '));

  const test = mannWhitneyU(base, head);
  const adjustedP = input.adjustedP ?? test.p;
  const interval = ratioOfMediansCi(base, head, {
    rng,
    ...(input.confidence === undefined ? {} : { confidence: input.confidence }),
    ...(input.resamples === undefined ? {} : { resamples: input.resamples }),
  });
  const result = (kind: VerdictKind): VerdictResult => ({
    verdict: kind,
    ratio: interval.estimate,
    ci: { low: interval.low, high: interval.high },
    p: test.p,
    adjustedP,
    method: test.method,
  });

  if (base.length < MIN_SAMPLES || head.length < MIN_SAMPLES) return result('too noisy');

  const headHigher = interval.low > 1 + threshold;
  const headLower = interval.high < 1 - threshold;
  if (adjustedP < alpha && (headHigher || headLower)) {
    return result(headHigher === higherIsBetter ? 'improvement' : 'regression');
  }
  if (interval.high - interval.low > 2 * threshold) return result('too noisy');
  if (headHigher || headLower || Math.abs(interval.estimate - 1) > threshold) {
    return result('too noisy');
  }
  return result('no change');
}

/** One compared cell and metric, e.g. key `fastify/zod/get-item/rps`. */
export interface CompareCell {
  key: string;
  base: readonly number[];
  head: readonly number[];
  higherIsBetter: boolean;
}

export interface CompareOptions extends VerdictOptions {
  /** Seed for the bootstrap; each cell gets its own stream derived from seed and key. */
  seed: number;
}

export interface CellVerdict extends VerdictResult {
  key: string;
}

/**
 * Verdicts for many cells at once — what `stackbench compare` calls. Computes every
 * cell's Mann–Whitney p-value, adjusts them together with Holm's method (so the chance
 * of any false change across all cells stays at α), then applies {@link verdict} to each
 * cell with its adjusted p. Each cell's bootstrap uses `createRng(deriveSeed(seed, key))`,
 * so a cell's interval does not depend on which other cells are compared.
 *
 * @returns one result per cell, in input order
 * @throws RangeError on duplicate keys, invalid options or values
 */
export function compareCells(
  cells: readonly CompareCell[],
  options: CompareOptions,
): CellVerdict[] {
  const seen = new Set<string>();
  for (const { key } of cells) {
    if (seen.has(key)) throw new RangeError(`Expected unique cell keys, got "${key}" twice`);
    seen.add(key);
  }
  const { seed, ...verdictOptions } = options;
  const adjusted = holm(cells.map(({ base, head }) => mannWhitneyU(base, head).p));
  return cells.map((cell, i) => ({
    key: cell.key,
    ...verdict({
      ...verdictOptions,
      base: cell.base,
      head: cell.head,
      higherIsBetter: cell.higherIsBetter,
      adjustedP: adjusted[i] as number,
      rng: createRng(deriveSeed(seed, cell.key)),
    }),
  }));
}
