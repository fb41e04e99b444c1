/**
 * Intervals whose unit is the server process, not the window (issue 10).
 *
 * Windows measured in one server process are not independent samples: a process carries its
 * own JIT decisions and heap layout, an offset every one of its windows shares. Treating
 * windows as independent makes an interval shrink with every window while the process
 * offset stays — it looks precise and is not. So each process's windows are first averaged
 * into one value (the "summary measures" approach to clustered data, e.g. Donner & Klar,
 * "Design and Analysis of Cluster Randomization Trials", 2000, ch. 6), and the interval is
 * taken over processes, or over rounds when two processes of the same round are paired.
 *
 * The interval over units is Student's t on their mean: with the 4–10 rounds a run affords,
 * a percentile bootstrap is too narrow (it resamples as if the spread were known, with no
 * small-sample t correction), while t keeps its nominal coverage for near-normal unit
 * means — means of several windows are (test/stats/clustered.test.ts checks the coverage).
 * Ratios are taken on the log scale (a geometric mean of per-round ratios), so the interval
 * is symmetric in log and ratios of ratios compose.
 */
import jStat from 'jstat';
import { mean, stdev } from './describe.js';

/** A point estimate, its interval, and the number of independent units it rests on. */
export interface UnitInterval {
  estimate: number;
  low: number;
  high: number;
  /** Independent units (processes, or paired rounds). */
  n: number;
}

function assertConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(
      `Expected the confidence option to be between 0 and 1, got ${String(confidence)}`,
    );
  }
}

function assertFinite(values: readonly number[], name: string): void {
  const index = values.findIndex((value) => !Number.isFinite(value));
  if (index !== -1) {
    throw new RangeError(
      `Expected every ${name} value to be a finite number, got ${String(values[index])} at index ${index}`,
    );
  }
}

/** Each unit's windows averaged into one value; a unit without windows is dropped. */
export function unitMeans(units: readonly (readonly number[])[]): number[] {
  return units.filter((windows) => windows.length > 0).map((windows) => mean(windows));
}

/**
 * Student t interval of the mean of independent unit values.
 * - no value: NaN everywhere, n = 0;
 * - one value: low = high = estimate (nothing to say about spread; n = 1 tells).
 */
export function tInterval(values: readonly number[], confidence = 0.95): UnitInterval {
  assertConfidence(confidence);
  assertFinite(values, 'unit');
  const n = values.length;
  if (n === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const m = mean(values);
  if (n === 1) return { estimate: m, low: m, high: m, n };
  const half = tQuantile(confidence, n - 1) * (stdev(values) / Math.sqrt(n));
  return { estimate: m, low: m - half, high: m + half, n };
}

/** The two-sided critical value of Student's t: the (1 + confidence) / 2 quantile. */
export function tQuantile(confidence: number, dof: number): number {
  return jStat.studentt.inv((1 + confidence) / 2, dof);
}

function assertPaired(a: readonly unknown[], b: readonly unknown[], what: string): void {
  if (a.length !== b.length) {
    throw new RangeError(
      `Expected ${what} of equal length (one entry per round), got ${a.length} and ${b.length}`,
    );
  }
}

/**
 * Ratio paired by round, with the round as the unit: round i gives
 * mean(numerators[i]) / mean(denominators[i]) (each the windows of one server process);
 * the estimate is the geometric mean of those ratios, the interval Student's t on their logs.
 *
 * @throws RangeError when the rounds differ in number, a value is not finite, or a
 *   denominator's mean is not positive
 */
export function pairedRatioByRound(
  numerators: readonly (readonly number[])[],
  denominators: readonly (readonly number[])[],
  confidence = 0.95,
): UnitInterval {
  assertPaired(numerators, denominators, 'numerators and denominators');
  const logs: number[] = [];
  numerators.forEach((windows, i) => {
    const other = denominators[i] ?? [];
    if (windows.length === 0 || other.length === 0) return;
    assertFinite(windows, 'numerator');
    assertFinite(other, 'denominator');
    const num = mean(windows);
    const den = mean(other);
    if (!(num > 0 && den > 0)) {
      throw new RangeError(
        `Expected positive means for a ratio (round index ${i}), got ${num} / ${den}`,
      );
    }
    logs.push(Math.log(num / den));
  });
  const t = tInterval(logs, confidence);
  return { estimate: Math.exp(t.estimate), low: Math.exp(t.low), high: Math.exp(t.high), n: t.n };
}

/**
 * Difference paired by round, with the round as the unit: round i gives
 * mean(minuends[i]) − mean(subtrahends[i]); the estimate is their mean, the interval
 * Student's t.
 *
 * @throws RangeError when the rounds differ in number or a value is not finite
 */
export function pairedDifferenceByRound(
  minuends: readonly (readonly number[])[],
  subtrahends: readonly (readonly number[])[],
  confidence = 0.95,
): UnitInterval {
  assertPaired(minuends, subtrahends, 'minuends and subtrahends');
  const differences: number[] = [];
  minuends.forEach((windows, i) => {
    const other = subtrahends[i] ?? [];
    if (windows.length === 0 || other.length === 0) return;
    assertFinite(windows, 'minuend');
    assertFinite(other, 'subtrahend');
    differences.push(mean(windows) - mean(other));
  });
  return tInterval(differences, confidence);
}

/**
 * Units in all (n') that would shrink a t interval's half-width, computed from n units, by
 * `factor`, assuming the spread stays what it was: the smallest n' ≥ n with
 * t(n'−1)/√n' ≤ t(n−1)/(factor·√n). With factor 2 that is about 4n for large n, less for small
 * n (t shrinks too). undefined for n < 2 (no spread to go by); n itself for factor ≤ 1.
 *
 * @param limit the largest n' worth naming: beyond it, undefined (a spread that wide asks for
 *   a longer study, not a count).
 */
export function unitsToShrink(
  n: number,
  factor: number,
  confidence = 0.95,
  limit = 10_000,
): number | undefined {
  if (!Number.isInteger(n) || n < 2 || !(factor > 0)) return undefined;
  if (factor <= 1) return n;
  const target = tQuantile(confidence, n - 1) / (factor * Math.sqrt(n));
  // t(m−1)/√m falls monotonically in m: bisect between n (above target) and the limit.
  if (tQuantile(confidence, limit - 1) / Math.sqrt(limit) > target) return undefined;
  let low = n;
  let high = limit;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (tQuantile(confidence, mid - 1) / Math.sqrt(mid) > target) low = mid;
    else high = mid;
  }
  return high;
}

/** Units in all that would halve a t interval computed from n units (see `unitsToShrink`). */
export function unitsToHalve(n: number, confidence = 0.95): number | undefined {
  return unitsToShrink(n, 2, confidence);
}
