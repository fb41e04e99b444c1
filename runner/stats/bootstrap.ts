/**
 * Percentile bootstrap confidence intervals (Efron & Tibshirani, "An Introduction to
 * the Bootstrap", 1993, ch. 13): resample with replacement, recompute the statistic,
 * and take the α/2 and 1 − α/2 quantiles (definition 7, see {@link quantile}) of the
 * resampled statistics as the interval.
 *
 * Small inputs, by design and without `NaN` surprises:
 * - no values (in any group): `{ estimate: NaN, low: NaN, high: NaN }`;
 * - one value per group: there is nothing to resample, so `low = high = estimate`;
 * - all values equal: every resample gives the same statistic, so `low = high = estimate`.
 * A bootstrap interval from very few values understates the real uncertainty; callers
 * deciding anything from it should require a minimum sample size (see `verdict`).
 */
import { median, quantile } from './describe.js';
import { randomIndex, type Rng } from './random.js';

/** A point estimate with a confidence interval around it. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface BootstrapOptions {
  /**
   * Two-sided confidence level of the interval, strictly between 0 and 1.
   * @default 0.95
   */
  confidence?: number;
  /**
   * Number of bootstrap resamples, a positive integer.
   * @default 2000
   */
  resamples?: number;
  /** The random source; pass `createRng(seed)` for reproducible intervals. */
  rng: Rng;
}

interface ResolvedOptions {
  confidence: number;
  resamples: number;
  rng: Rng;
}

function resolveOptions(options: BootstrapOptions): ResolvedOptions {
  const { confidence = 0.95, resamples = 2000, rng } = options;
  const problems: string[] = [];
  if (!(confidence > 0 && confidence < 1)) {
    problems.push(
      `Expected the confidence option to be between 0 and 1, got ${String(confidence)}`,
    );
  }
  if (!Number.isInteger(resamples) || resamples < 1) {
    problems.push(
      `Expected the resamples option to be a positive integer, got ${String(resamples)}`,
    );
  }
  if (typeof rng !== 'function') {
    problems.push(`Expected the rng option to be a function, got ${typeof rng}`);
  }
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  return { confidence, resamples, rng };
}

function assertFinite(values: readonly number[], name: string): void {
  const index = values.findIndex((value) => !Number.isFinite(value));
  if (index !== -1) {
    throw new RangeError(
      `Expected every ${name} value to be a finite number, got ${String(values[index])} at index ${index}`,
    );
  }
}

function assertPositive(values: readonly number[], name: string): void {
  const index = values.findIndex((value) => !(value > 0));
  if (index !== -1) {
    throw new RangeError(
      `Expected every ${name} value to be positive (it is a ratio's denominator), got ${String(values[index])} at index ${index}`,
    );
  }
}

/** Fills `target` with a resample (with replacement) of `source`. */
function resampleInto(source: readonly number[], target: number[], rng: Rng): void {
  for (let i = 0; i < target.length; i++) {
    target[i] = source[randomIndex(rng, source.length)] as number;
  }
}

function percentileInterval(
  estimate: number,
  statistics: readonly number[],
  confidence: number,
): Interval {
  const alpha = 1 - confidence;
  return {
    estimate,
    low: quantile(statistics, alpha / 2),
    high: quantile(statistics, 1 - alpha / 2),
  };
}

const EMPTY: Interval = Object.freeze({
  estimate: Number.NaN,
  low: Number.NaN,
  high: Number.NaN,
});

/**
 * Percentile bootstrap interval of `statistic` over one sample.
 *
 * @param samples - the observations (finite numbers)
 * @param statistic - e.g. {@link median}; receives a reused buffer, must not keep it
 * @returns `estimate` = statistic(samples); `low`/`high` = the interval bounds
 * @throws RangeError on invalid options or non-finite samples
 */
export function bootstrapCi(
  samples: readonly number[],
  statistic: (values: readonly number[]) => number,
  options: BootstrapOptions,
): Interval {
  const { confidence, resamples, rng } = resolveOptions(options);
  assertFinite(samples, 'sample');
  if (samples.length === 0) return { ...EMPTY };
  const estimate = statistic(samples);
  if (samples.length === 1) return { estimate, low: estimate, high: estimate };
  const buffer = new Array<number>(samples.length);
  const statistics = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    resampleInto(samples, buffer, rng);
    statistics[r] = statistic(buffer);
  }
  return percentileInterval(estimate, statistics, confidence);
}

function assertSameLength(a: readonly number[], b: readonly number[], what: string): void {
  if (a.length !== b.length) {
    throw new RangeError(
      `Expected ${what} of equal length (one value per round), got ${a.length} and ${b.length}`,
    );
  }
}

/**
 * Interval for a ratio paired by round, e.g. a stack's req/s over node-http's req/s
 * measured in the same rounds. The per-round ratios numerators[i] / denominators[i] are
 * formed first; round indices are resampled (so pairs stay together) and the statistic
 * is the median of the per-round ratios.
 *
 * @throws RangeError when the arrays differ in length, a value is not finite, or a
 *   denominator is not positive
 */
export function pairedRatioCi(
  numerators: readonly number[],
  denominators: readonly number[],
  options: BootstrapOptions,
): Interval {
  assertSameLength(numerators, denominators, 'numerators and denominators');
  assertFinite(numerators, 'numerator');
  assertFinite(denominators, 'denominator');
  assertPositive(denominators, 'denominator');
  const ratios = numerators.map((value, i) => value / (denominators[i] as number));
  return bootstrapCi(ratios, median, options);
}

/**
 * Interval for a difference paired by round, e.g. CPU µs per request with validation on
 * minus off, measured in the same rounds: the median of the per-round differences
 * minuends[i] − subtrahends[i], with round indices resampled.
 *
 * @throws RangeError when the arrays differ in length or a value is not finite
 */
export function pairedDifferenceCi(
  minuends: readonly number[],
  subtrahends: readonly number[],
  options: BootstrapOptions,
): Interval {
  assertSameLength(minuends, subtrahends, 'minuends and subtrahends');
  assertFinite(minuends, 'minuend');
  assertFinite(subtrahends, 'subtrahend');
  const differences = minuends.map((value, i) => value - (subtrahends[i] as number));
  return bootstrapCi(differences, median, options);
}

/**
 * Interval for the ratio of medians of two independent samples, median(head) /
 * median(base): each group is resampled independently in every iteration. Used to
 * compare two results files, whose rounds are not paired.
 *
 * Empty `base` or `head` gives the all-`NaN` interval; one value in each gives
 * `low = high = estimate`.
 *
 * @throws RangeError when a value is not finite or a base value is not positive
 */
export function ratioOfMediansCi(
  base: readonly number[],
  head: readonly number[],
  options: BootstrapOptions,
): Interval {
  const { confidence, resamples, rng } = resolveOptions(options);
  assertFinite(base, 'base');
  assertFinite(head, 'head');
  assertPositive(base, 'base');
  if (base.length === 0 || head.length === 0) return { ...EMPTY };
  const estimate = median(head) / median(base);
  if (base.length === 1 && head.length === 1) return { estimate, low: estimate, high: estimate };
  const baseBuffer = new Array<number>(base.length);
  const headBuffer = new Array<number>(head.length);
  const statistics = new Array<number>(resamples);
  for (let r = 0; r < resamples; r++) {
    resampleInto(base, baseBuffer, rng);
    resampleInto(head, headBuffer, rng);
    statistics[r] = median(headBuffer) / median(baseBuffer);
  }
  return percentileInterval(estimate, statistics, confidence);
}
