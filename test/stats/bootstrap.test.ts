import { describe, expect, it } from 'vitest';
import {
  bootstrapCi,
  pairedDifferenceCi,
  pairedRatioCi,
  ratioOfMediansCi,
} from '../../runner/stats/bootstrap.js';
import { median } from '../../runner/stats/describe.js';
import { createRng } from '../../runner/stats/random.js';
import { lognormalSample, normalSample } from './synthetic.js';

describe('bootstrapCi', () => {
  const sample = normalSample(createRng(3), 15, 100, 10);

  it('is reproducible for the same seed', () => {
    const a = bootstrapCi(sample, median, { rng: createRng(11) });
    const b = bootstrapCi(sample, median, { rng: createRng(11) });
    expect(a).toEqual(b);
  });

  it('returns the statistic of the data as the estimate and brackets it', () => {
    const ci = bootstrapCi(sample, median, { rng: createRng(11) });
    expect(ci.estimate).toBe(median(sample));
    expect(ci.low).toBeLessThan(ci.estimate);
    expect(ci.high).toBeGreaterThan(ci.estimate);
  });

  it('narrows as the confidence level drops', () => {
    const wide = bootstrapCi(sample, median, { rng: createRng(11), confidence: 0.99 });
    const narrow = bootstrapCi(sample, median, { rng: createRng(11), confidence: 0.5 });
    expect(narrow.high - narrow.low).toBeLessThan(wide.high - wide.low);
  });

  it('covers the true median in at least 85 % of 200 seeded normal samples', () => {
    // Nominal coverage is 95 %; the percentile bootstrap of a median with n = 20 is
    // close to it. The bound is lopsided so that only a broken interval fails.
    let covered = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const xs = normalSample(createRng(seed), 20, 100, 10);
      const ci = bootstrapCi(xs, median, { rng: createRng(10_000 + seed) });
      if (ci.low <= 100 && 100 <= ci.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(170);
    // …and is not a trivially huge interval either.
    expect(covered).toBeLessThan(200);
  });

  it('handles n = 0, n = 1 and equal values without surprises', () => {
    const rng = createRng(1);
    expect(bootstrapCi([], median, { rng })).toEqual({
      estimate: Number.NaN,
      low: Number.NaN,
      high: Number.NaN,
    });
    expect(bootstrapCi([42], median, { rng })).toEqual({ estimate: 42, low: 42, high: 42 });
    expect(bootstrapCi([7, 7, 7, 7], median, { rng })).toEqual({ estimate: 7, low: 7, high: 7 });
  });

  it('names the option and the value it rejects', () => {
    const rng = createRng(1);
    expect(() => bootstrapCi([1, 2], median, { rng, confidence: 95 })).toThrow(
      /Expected the confidence option to be between 0 and 1, got 95/,
    );
    expect(() => bootstrapCi([1, 2], median, { rng, resamples: 0 })).toThrow(
      /Expected the resamples option to be a positive integer, got 0/,
    );
    expect(() => bootstrapCi([1, Number.NaN], median, { rng })).toThrow(
      /Expected every sample value to be a finite number, got NaN at index 1/,
    );
  });
});

describe('pairedRatioCi', () => {
  it('is exact when every round has the same ratio', () => {
    // Per-round ratios 2/1, 4/2, 6/3 are all 2, so every resample's median is 2.
    const ci = pairedRatioCi([2, 4, 6], [1, 2, 3], { rng: createRng(1) });
    expect(ci).toEqual({ estimate: 2, low: 2, high: 2 });
  });

  it('uses the median of per-round ratios as the estimate', () => {
    // Per-round ratios 1.1, 0.9, 1.3 → median 1.1.
    expect(pairedRatioCi([11, 9, 13], [10, 10, 10], { rng: createRng(1) }).estimate).toBeCloseTo(
      1.1,
      12,
    );
    // Ratios 2/1 = 2, 3/10 = 0.3, 5/4 = 1.25 → median 1.25, whereas median/median = 3/4.
    expect(pairedRatioCi([2, 3, 5], [1, 10, 4], { rng: createRng(1) }).estimate).toBe(1.25);
  });

  it('removes shared round-to-round drift that an unpaired interval cannot', () => {
    // Each round's machine speed varies ±30 %, but the stack is always 20 % faster than
    // node-http in the same round (±1 %).
    const rng = createRng(5);
    const drift = lognormalSample(rng, 12, 1, 0.3);
    const nodeHttp = drift.map((d) => 10_000 * d);
    const stack = drift.map((d) => 12_000 * d * (1 + 0.01 * (rng() - 0.5)));
    const paired = pairedRatioCi(stack, nodeHttp, { rng: createRng(9) });
    const unpaired = ratioOfMediansCi(nodeHttp, stack, { rng: createRng(9) });
    expect(paired.low).toBeGreaterThan(1.18);
    expect(paired.high).toBeLessThan(1.22);
    expect(paired.high - paired.low).toBeLessThan((unpaired.high - unpaired.low) / 10);
  });

  it('rejects unpaired input and non-positive denominators', () => {
    const rng = createRng(1);
    expect(() => pairedRatioCi([1, 2], [1], { rng })).toThrow(
      /Expected numerators and denominators of equal length \(one value per round\), got 2 and 1/,
    );
    expect(() => pairedRatioCi([1, 2], [1, 0], { rng })).toThrow(
      /Expected every denominator value to be positive .*got 0 at index 1/,
    );
  });
});

describe('pairedDifferenceCi', () => {
  it('uses the median of per-round differences', () => {
    // Differences 1.5 − 1.0, 2.5 − 1.9, 1.8 − 1.0 = 0.5, 0.6, 0.8 → median 0.6.
    const ci = pairedDifferenceCi([1.5, 2.5, 1.8], [1.0, 1.9, 1.0], { rng: createRng(2) });
    expect(ci.estimate).toBeCloseTo(0.6, 12);
    expect(ci.low).toBeGreaterThanOrEqual(0.5 - 1e-12);
    expect(ci.high).toBeLessThanOrEqual(0.8 + 1e-12);
  });
});

describe('ratioOfMediansCi', () => {
  it('estimates median(head) / median(base) and brackets it', () => {
    // median(base) = 100, median(head) = 90 → 0.9
    const base = [98, 100, 103, 99, 101];
    const head = [91, 88, 90, 92, 89];
    const ci = ratioOfMediansCi(base, head, { rng: createRng(4) });
    expect(ci.estimate).toBeCloseTo(0.9, 12);
    // Every resampled ratio lies between min(head)/max(base) and max(head)/min(base).
    expect(ci.low).toBeGreaterThanOrEqual(88 / 103);
    expect(ci.high).toBeLessThanOrEqual(92 / 98);
    expect(ci.low).toBeLessThan(0.9);
    expect(ci.high).toBeGreaterThan(0.9);
  });

  it('resamples both groups', () => {
    const rng = createRng(6);
    const constant = [100, 100, 100, 100, 100];
    const spread = [80, 90, 100, 110, 120];
    const headVaries = ratioOfMediansCi(constant, spread, { rng });
    const baseVaries = ratioOfMediansCi(spread, constant, { rng });
    expect(headVaries.high - headVaries.low).toBeGreaterThan(0.1);
    expect(baseVaries.high - baseVaries.low).toBeGreaterThan(0.1);
  });

  it('is reproducible for the same seed', () => {
    const base = lognormalSample(createRng(1), 10, 100, 0.1);
    const head = lognormalSample(createRng(2), 10, 100, 0.1);
    expect(ratioOfMediansCi(base, head, { rng: createRng(3) })).toEqual(
      ratioOfMediansCi(base, head, { rng: createRng(3) }),
    );
  });

  it('handles empty groups, single values and equal values', () => {
    const rng = createRng(1);
    expect(ratioOfMediansCi([], [1], { rng }).estimate).toBeNaN();
    expect(ratioOfMediansCi([1], [], { rng }).low).toBeNaN();
    expect(ratioOfMediansCi([4], [5], { rng })).toEqual({ estimate: 1.25, low: 1.25, high: 1.25 });
    expect(ratioOfMediansCi([2, 2, 2], [3, 3], { rng })).toEqual({
      estimate: 1.5,
      low: 1.5,
      high: 1.5,
    });
  });
});
