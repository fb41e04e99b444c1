import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../runner/stats/mann-whitney.js';

describe('mannWhitneyU — published reference values', () => {
  // SciPy documentation, scipy.stats.mannwhitneyu, "Examples" (the example follows its
  // reference [4], Boston University School of Public Health, "Mann Whitney U Test"):
  // ages at diagnosis of type II diabetes. Published: U1 = 17.0 (U2 = 3.0), exact
  // two-sided p = 0.1111111111111111, asymptotic (continuity-corrected) p = 0.11134688653314041.
  const males = [19, 22, 16, 29, 24];
  const females = [20, 11, 17, 12];

  it('SciPy docs example, exact: U = 17, p = 1/9', () => {
    // Hand derivation. Pooled order: 11F 12F 16M 17F 19M 20F 22M 24M 29M.
    // U(males) = #(male > female) = 2 (16) + 3 (19) + 4 + 4 + 4 (22, 24, 29) = 17; U(females) = 20 − 17 = 3.
    // Under H0 all C(9, 4) = 126 placements of the females are equally likely, and
    // U(females) = k in as many placements as partitions of k into at most 4 parts ≤ 5:
    // k = 0: 1, 1: 1, 2: 2, 3: 3 → P(U(females) ≤ 3) = 7/126, two-sided p = 14/126 = 1/9.
    const result = mannWhitneyU(males, females);
    expect(result.method).toBe('exact');
    expect(result.u).toBe(17);
    expect(result.p).toBeCloseTo(1 / 9, 14);
    expect(result.p).toBeCloseTo(0.1111111111111111, 14);
  });

  it('SciPy docs example, normal approximation: p = 0.11134688653314041', () => {
    // z = (17 − 20/2 − 0.5) / √(5·4·(9 + 1)/12) = 6.5 / √(200/12); no ties.
    const result = mannWhitneyU(males, females, { method: 'normal' });
    expect(result.method).toBe('normal');
    expect(result.u).toBe(17);
    expect(result.z).toBeCloseTo(6.5 / Math.sqrt(200 / 12), 12);
    expect(result.p).toBeCloseTo(0.11134688653314041, 7);
  });

  it('R ?wilcox.test, Hollander & Wolfe (1973) p. 69: W = 35, one-sided exact p = 0.1272', () => {
    // R's documented example: permeability constants of the human chorioamnion at term (x)
    // and at 12–26 weeks (y); `wilcox.test(x, y, alternative = "g")` prints
    // "W = 35, p-value = 0.1272" (exact). U = 35 > mn/2 = 25, so the two-sided p is
    // exactly twice the upper tail: p/2 must round to 0.1272.
    const x = [0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
    const y = [1.15, 0.88, 0.9, 0.74, 1.21];
    const result = mannWhitneyU(x, y);
    expect(result.method).toBe('exact');
    expect(result.u).toBe(35);
    expect(result.p / 2).toBeGreaterThanOrEqual(0.12715);
    expect(result.p / 2).toBeLessThan(0.12725);
  });

  it('R ?wilcox.test, airquality Ozone May vs August (ties): W = 127.5, p = 0.0001208', () => {
    // R's documented example `wilcox.test(Ozone ~ Month, data = airquality,
    // subset = Month %in% c(5, 8))` prints "Wilcoxon rank sum test with continuity
    // correction … W = 127.5, p-value = 0.0001208" and warns that ties prevent an exact
    // p-value. Data: R datasets::airquality (New York, 1973), Ozone with NAs removed.
    const may = [
      41, 36, 12, 18, 28, 23, 19, 8, 7, 16, 11, 14, 18, 14, 34, 6, 30, 11, 1, 11, 4, 32, 23, 45,
      115, 37,
    ];
    const august = [
      39, 9, 16, 78, 35, 66, 122, 89, 110, 44, 28, 65, 22, 59, 23, 31, 44, 21, 9, 45, 168, 73, 76,
      118, 84, 85,
    ];
    expect(may).toHaveLength(26);
    expect(august).toHaveLength(26);
    const result = mannWhitneyU(may, august);
    expect(result.method).toBe('normal');
    expect(result.u).toBe(127.5);
    expect(result.p).toBeGreaterThanOrEqual(0.00012075);
    expect(result.p).toBeLessThan(0.00012085);
  });
});

describe('mannWhitneyU — hand-derived tie correction', () => {
  it('a = [1, 2, 2, 3], b = [2, 3, 4, 5]: U = 2.5, z = −1.4884, p ≈ 0.1366', () => {
    // Pooled order 1a 2a 2a 2b 3a 3b 4b 5b; mid-ranks 1, 3, 3, 3, 5.5, 5.5, 7, 8.
    // R(a) = 1 + 3 + 3 + 5.5 = 12.5 → U(a) = 12.5 − 4·5/2 = 2.5; mn/2 = 8.
    // Tie groups t = 3 (the 2s) and t = 2 (the 3s): Σ(t³ − t) = 24 + 6 = 30, N = 8.
    // σ² = 16/12 · (9 − 30/56) = 11.2857…, σ = 3.35942.
    // z = (2.5 − 8 + 0.5)/σ = −1.48835; normal table: Φ(−1.48) = 0.0694, Φ(−1.49) = 0.0681
    // → Φ(−1.48835) ≈ 0.0683, p = 2Φ ≈ 0.1366.
    const result = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 5]);
    expect(result.method).toBe('normal');
    expect(result.u).toBe(2.5);
    expect(result.z).toBeCloseTo(-5 / Math.sqrt((16 / 12) * (9 - 30 / 56)), 12);
    expect(result.p).toBeCloseTo(0.1366, 3);
  });
});

describe('mannWhitneyU — properties and edge cases', () => {
  it('is symmetric: swapping the samples gives U′ = mn − U and the same p', () => {
    const a = [3.1, 4.7, 2.2, 5.9, 6.3, 1.4];
    const b = [2.9, 7.7, 8.1, 6.8, 9.2];
    const ab = mannWhitneyU(a, b);
    const ba = mannWhitneyU(b, a);
    expect(ba.u).toBe(a.length * b.length - ab.u);
    expect(ba.p).toBeCloseTo(ab.p, 14);
  });

  it('gives the smallest exact p, 2/C(m+n, m), for complete separation', () => {
    // 3 vs 4 fully separated: only 1 of C(7, 3) = 35 placements is as extreme per side.
    const result = mannWhitneyU([1.1, 2.2, 3.3], [4.4, 5.5, 6.6, 7.7]);
    expect(result.u).toBe(0);
    expect(result.p).toBeCloseTo(2 / 35, 14);
  });

  it('agrees with the normal approximation for larger samples without ties', () => {
    const a = Array.from({ length: 40 }, (_, i) => i * 1.5 + 0.25);
    const b = Array.from({ length: 45 }, (_, i) => i * 1.4);
    const exact = mannWhitneyU(a, b);
    const normal = mannWhitneyU(a, b, { method: 'normal' });
    expect(exact.method).toBe('exact');
    expect(Math.abs(exact.p - normal.p)).toBeLessThan(0.01);
  });

  it('uses the normal approximation from 50 values per group', () => {
    const a = Array.from({ length: 50 }, (_, i) => i + 0.5);
    const b = Array.from({ length: 10 }, (_, i) => i * 3);
    expect(mannWhitneyU(a, b).method).toBe('normal');
  });

  it('returns p = 1 when there is nothing to test', () => {
    expect(mannWhitneyU([], [1, 2])).toEqual({ u: 0, p: 1, method: 'exact' });
    expect(mannWhitneyU([5, 5, 5], [5, 5])).toMatchObject({ u: 3, p: 1, method: 'normal' });
  });

  it('refuses a forced exact test with ties, and non-finite values', () => {
    expect(() => mannWhitneyU([1, 2], [2, 3], { method: 'exact' })).toThrow(/no ties/);
    expect(() => mannWhitneyU([1, Number.POSITIVE_INFINITY], [2])).toThrow(
      /Expected every value of sample a to be a finite number, got Infinity at index 1/,
    );
  });
});
