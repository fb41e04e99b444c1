/**
 * Two-sided Mann–Whitney U test (Wilcoxon rank-sum test) for two independent samples.
 *
 * No maintained npm package offers exact p-values plus a tie-corrected normal
 * approximation, so the test is written here; the rank sum (with mid-ranks for ties)
 * and the error function come from `simple-statistics`. The method follows R's
 * `wilcox.test(x, y)` with its defaults (`exact = NULL`, `correct = TRUE`):
 *
 * - **exact** when both samples have fewer than 50 values and there are no ties: the
 *   null distribution of U is computed by the recurrence of Mann & Whitney (1947),
 *   p = min(1, 2·min(P(U ≤ u), P(U ≥ u)));
 * - **normal** otherwise: z = (u − mn/2 − ½·sign(u − mn/2)) / σ with the tie-corrected
 *   σ² = mn/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1))), N = m + n, t = size of each tie
 *   group; p = 2·(1 − Φ(|z|)). When σ = 0 (every value equal) p = 1.
 *
 * Φ is computed from `simple-statistics`' `errorFunction` (fractional error < 1.2e−7),
 * which is ample for comparing p with α.
 */
import { errorFunction, wilcoxonRankSum } from 'simple-statistics';

export type MannWhitneyMethod = 'exact' | 'normal';

export interface MannWhitneyResult {
  /**
   * U of the first sample: the number of pairs (a[i], b[j]) with a[i] > b[j], ties
   * counting ½ (R's `W`, SciPy's `U1`). The second sample's U is m·n − u.
   */
  u: number;
  /** Two-sided p-value, in [0, 1]. */
  p: number;
  method: MannWhitneyMethod;
  /** The continuity-corrected z score (normal method only). */
  z?: number;
}

export interface MannWhitneyOptions {
  /**
   * `'auto'` picks exact or normal as described above; `'normal'` forces the
   * approximation; `'exact'` forces the exact distribution and throws if there are ties
   * (its memory grows as m·n²/2 numbers, so keep forced exact tests to a few hundred values).
   * @default 'auto'
   */
  method?: 'auto' | MannWhitneyMethod;
}

/** Samples at least this large in either group use the normal approximation (as R). */
const EXACT_LIMIT = 50;

/** Sizes of the groups of equal values in the pooled sample (groups of 1 omitted). */
function tieGroupSizes(a: readonly number[], b: readonly number[]): number[] {
  const pooled = [...a, ...b].sort((x, y) => x - y);
  const sizes: number[] = [];
  let run = 1;
  for (let i = 1; i <= pooled.length; i++) {
    if (i < pooled.length && pooled[i] === pooled[i - 1]) {
      run++;
    } else {
      if (run > 1) sizes.push(run);
      run = 1;
    }
  }
  return sizes;
}

/**
 * The null distribution of U for samples of sizes m and n without ties:
 * P(U = k) for k = 0 … m·n. Recurrence on the largest observation, which belongs to the
 * first sample with probability i/(i+j) (and then exceeds all j of the second):
 * P_{i,j}(k) = i/(i+j)·P_{i−1,j}(k − j) + j/(i+j)·P_{i,j−1}(k).
 * Working in probabilities keeps every term positive and avoids huge counts.
 */
function exactDistribution(m: number, n: number): Float64Array {
  // previous[j] holds P_{i−1,j}; current[j] holds P_{i,j}.
  let previous: Float64Array[] = Array.from({ length: n + 1 }, () => Float64Array.of(1));
  for (let i = 1; i <= m; i++) {
    const current: Float64Array[] = [Float64Array.of(1)];
    for (let j = 1; j <= n; j++) {
      const fromFirst = previous[j] as Float64Array; // length (i−1)·j + 1
      const fromSecond = current[j - 1] as Float64Array; // length i·(j−1) + 1
      const next = new Float64Array(i * j + 1);
      const wFirst = i / (i + j);
      const wSecond = j / (i + j);
      for (let k = 0; k < fromFirst.length; k++) {
        next[k + j] = (next[k + j] as number) + wFirst * (fromFirst[k] as number);
      }
      for (let k = 0; k < fromSecond.length; k++) {
        next[k] = (next[k] as number) + wSecond * (fromSecond[k] as number);
      }
      current.push(next);
    }
    previous = current;
  }
  return previous[n] as Float64Array;
}

function exactPValue(u: number, m: number, n: number): number {
  const distribution = exactDistribution(m, n);
  let lower = 0;
  let upper = 0;
  for (let k = 0; k < distribution.length; k++) {
    const probability = distribution[k] as number;
    if (k <= u) lower += probability;
    if (k >= u) upper += probability;
  }
  return Math.min(1, 2 * Math.min(lower, upper));
}

function normalTest(u: number, m: number, n: number, ties: readonly number[]): MannWhitneyResult {
  const total = m + n;
  const tieSum = ties.reduce((sum, t) => sum + t ** 3 - t, 0);
  const variance = ((m * n) / 12) * (total + 1 - tieSum / (total * (total - 1)));
  if (!(variance > 0)) return { u, p: 1, method: 'normal', z: 0 };
  const difference = u - (m * n) / 2;
  const z = (difference - 0.5 * Math.sign(difference)) / Math.sqrt(variance);
  // 2·(1 − Φ(|z|)) = 1 − erf(|z|/√2)
  const p = Math.min(1, Math.max(0, 1 - errorFunction(Math.abs(z) / Math.SQRT2)));
  return { u, p, method: 'normal', z };
}

/**
 * Two-sided Mann–Whitney U test of `a` against `b` (see the module comment for the
 * method). If either sample is empty there is nothing to test: `{ u: 0, p: 1, method: 'exact' }`.
 *
 * @throws RangeError when a value is not finite, or `method: 'exact'` is forced with ties
 */
export function mannWhitneyU(
  a: readonly number[],
  b: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const { method = 'auto' } = options;
  for (const [name, values] of [
    ['a', a],
    ['b', b],
  ] as const) {
    const index = values.findIndex((value) => !Number.isFinite(value));
    if (index !== -1) {
      throw new RangeError(
        `Expected every value of sample ${name} to be a finite number, got ${String(values[index])} at index ${index}`,
      );
    }
  }
  const m = a.length;
  const n = b.length;
  if (m === 0 || n === 0) return { u: 0, p: 1, method: 'exact' };

  const u = wilcoxonRankSum(a, b) - (m * (m + 1)) / 2;
  const ties = tieGroupSizes(a, b);
  if (method === 'exact' && ties.length > 0) {
    throw new RangeError('Expected no ties for the exact Mann–Whitney test, got tied values');
  }
  const exact =
    method === 'exact' ||
    (method === 'auto' && ties.length === 0 && m < EXACT_LIMIT && n < EXACT_LIMIT);
  if (exact) return { u, p: exactPValue(u, m, n), method: 'exact' };
  return normalTest(u, m, n, ties);
}
