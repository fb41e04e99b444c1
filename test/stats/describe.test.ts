import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  mean,
  median,
  quantile,
  stdev,
} from '../../runner/stats/describe.js';

describe('quantile (Hyndman & Fan definition 7)', () => {
  // Hand computation: sorted x = [1, 2, 3, 4], h = (n − 1)·p = 3p,
  // q = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) with 0-based indices.
  it.each([
    [0, 1],
    [0.25, 1.75], // h = 0.75 → 1 + 0.75·(2 − 1)
    [0.5, 2.5], // h = 1.5 → 2 + 0.5·(3 − 2)
    [0.9, 3.7], // h = 2.7 → 3 + 0.7·(4 − 3)
    [1, 4],
  ])('p = %s of [4, 1, 3, 2] is %s', (p, expected) => {
    expect(quantile([4, 1, 3, 2], p)).toBeCloseTo(expected, 12);
  });

  it('interpolates between unequal gaps', () => {
    // x = [10, 20, 40, 80, 160], p = 0.3 → h = 1.2 → 20 + 0.2·(40 − 20) = 24
    expect(quantile([160, 10, 80, 20, 40], 0.3)).toBeCloseTo(24, 12);
    // p = 0.95 → h = 3.8 → 80 + 0.8·(160 − 80) = 144
    expect(quantile([160, 10, 80, 20, 40], 0.95)).toBeCloseTo(144, 12);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    quantile(values, 0.5);
    expect(values).toEqual([3, 1, 2]);
  });

  it('returns NaN for no values and rejects p outside [0, 1]', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile([1], 1.5)).toThrow(
      /Expected the quantile probability to be in \[0, 1\], got 1.5/,
    );
    expect(() => quantile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle pair of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });
});

describe('mean, stdev, coefficientOfVariation', () => {
  // Textbook data set: x = [2, 4, 4, 4, 5, 5, 7, 9], mean 5, Σ(x − 5)² = 32,
  // population sd = √(32/8) = 2, sample sd = √(32/7) ≈ 2.13809.
  const x = [2, 4, 4, 4, 5, 5, 7, 9];

  it('matches the hand computation', () => {
    expect(mean(x)).toBe(5);
    expect(stdev(x)).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(coefficientOfVariation(x)).toBeCloseTo(Math.sqrt(32 / 7) / 5, 12);
  });

  it('returns NaN where the statistic is undefined', () => {
    expect(mean([])).toBeNaN();
    expect(stdev([3])).toBeNaN();
    expect(coefficientOfVariation([3])).toBeNaN();
    expect(coefficientOfVariation([-1, 1])).toBeNaN(); // mean 0
  });

  it('gives 0 spread for equal values', () => {
    expect(stdev([5, 5, 5])).toBe(0);
    expect(coefficientOfVariation([5, 5, 5])).toBe(0);
  });
});
