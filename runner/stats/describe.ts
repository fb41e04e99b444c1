/**
 * Descriptive statistics of one sample (e.g. one cell's req/s over the rounds).
 *
 * Thin wrappers over `simple-statistics` that fix the definitions we publish and make
 * small inputs explicit: instead of throwing, an empty input gives `NaN` (and so does a
 * spread of fewer than two values), so a report can print "—" for a cell without data.
 * Inputs are expected to be finite numbers.
 */
import {
  mean as ssMean,
  quantile as ssQuantile,
  sampleStandardDeviation as ssSampleStandardDeviation,
} from 'simple-statistics';

/**
 * Sample quantile by linear interpolation between order statistics: Hyndman & Fan
 * (1996) definition 7, the default of R's `quantile`, NumPy's `percentile` and Excel's
 * `PERCENTILE.INC`. With the values sorted as x[0] ≤ … ≤ x[n−1] and h = (n − 1)·p, the
 * result is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 *
 * @param values - the sample, in any order (not modified)
 * @param p - the probability, in [0, 1]
 * @returns the quantile, or `NaN` for an empty sample
 * @throws RangeError when p is not in [0, 1]
 */
export function quantile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`Expected the quantile probability to be in [0, 1], got ${String(p)}`);
  }
  if (values.length === 0) return Number.NaN;
  return ssQuantile(values, p);
}

/** The median (the 0.5 quantile: the middle value, or the mean of the two middle values); `NaN` when empty. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The arithmetic mean; `NaN` when empty. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return ssMean(values);
}

/** The sample standard deviation (divisor n − 1, Bessel's correction); `NaN` for fewer than two values. */
export function stdev(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  return ssSampleStandardDeviation(values);
}

/**
 * The coefficient of variation: sample standard deviation divided by the mean, as a
 * fraction (0.1 = 10 %). `NaN` for fewer than two values or a mean of 0.
 */
export function coefficientOfVariation(values: readonly number[]): number {
  const m = mean(values);
  if (values.length < 2 || m === 0) return Number.NaN;
  return stdev(values) / m;
}
