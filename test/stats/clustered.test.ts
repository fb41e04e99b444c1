/**
 * Intervals with the server process as the unit: checked against synthetic data where every
 * process carries its own offset, shared by all its windows (what a JIT and heap layout do).
 */
import { describe, expect, it } from 'vitest';
import { bootstrapCi } from '../../runner/stats/bootstrap.js';
import {
  pairedDifferenceByRound,
  pairedRatioByRound,
  tInterval,
  tQuantile,
  unitMeans,
  unitsToHalve,
} from '../../runner/stats/clustered.js';
import { mean } from '../../runner/stats/describe.js';
import { createRng, type Rng } from '../../runner/stats/random.js';
import { standardNormal } from './synthetic.js';

/**
 * One simulated run of two stacks over `rounds` rounds: each round starts a fresh process
 * per stack, with a process offset (sd `processSd`, log scale) and `windows` windows of
 * window noise (sd `windowSd`). Stack B is truly `ratio` × stack A.
 */
function simulate(
  rng: Rng,
  o: { rounds: number; windows: number; processSd: number; windowSd: number; ratio: number },
) {
  const process = (level: number) => {
    const offset = o.processSd * standardNormal(rng);
    return Array.from({ length: o.windows }, () =>
      Math.exp(Math.log(level) + offset + o.windowSd * standardNormal(rng)),
    );
  };
  const a: number[][] = [];
  const b: number[][] = [];
  for (let r = 0; r < o.rounds; r++) {
    a.push(process(10_000));
    b.push(process(10_000 * o.ratio));
  }
  return { a, b };
}

/** The naive interval: every window a sample, windows paired by position, a bootstrap. */
function naiveRatio(a: number[][], b: number[][], rng: Rng) {
  const ratios = b.flatMap((windows, r) => windows.map((x, w) => x / a[r]![w]!));
  return bootstrapCi(ratios, mean, { rng, resamples: 400 });
}

describe('intervals over server processes', () => {
  // A true ratio of 0.8; processes shift by ~6 % each, windows vary by ~10 %.
  const truth = 0.8;
  const design = { rounds: 6, windows: 10, processSd: 0.06, windowSd: 0.1, ratio: truth };
  const runs = 600;

  it('covers the true ratio about 95 % of the time; the per-window interval does not', () => {
    const rng = createRng(20_261_130);
    let honest = 0;
    let naive = 0;
    for (let i = 0; i < runs; i++) {
      const { a, b } = simulate(rng, design);
      const ci = pairedRatioByRound(b, a);
      if (ci.low <= truth && truth <= ci.high) honest++;
      const n = naiveRatio(a, b, rng);
      if (n.low <= truth && truth <= n.high) naive++;
    }
    // Binomial sd of a 95 % coverage over 600 runs is ~0.9 %: lopsided margins around it.
    expect(honest / runs).toBeGreaterThan(0.91);
    expect(honest / runs).toBeLessThan(0.985);
    // Windows of one process are not independent: the naive interval is far too narrow.
    expect(naive / runs).toBeLessThan(0.75);
  });

  it('rests on the rounds, not the windows: n is the number of paired rounds', () => {
    const { a, b } = simulate(createRng(7), design);
    expect(pairedRatioByRound(b, a).n).toBe(6);
    // A round missing on one side is no pair.
    const short = pairedRatioByRound([...b.slice(0, 5), []], a);
    expect(short.n).toBe(5);
  });

  it('gives the paired difference of process means with Student t', () => {
    // Differences of process means: 1, 2, 3 (windows averaged first).
    const on = [[11, 13], [14], [15, 17]];
    const off = [[11], [12], [13]];
    const ci = pairedDifferenceByRound(on, off);
    expect(ci.estimate).toBeCloseTo(2, 12);
    // sd of (1, 2, 3) is 1; t(0.975, 2) = 4.303: 2 ± 4.303 / √3.
    expect(ci.high - ci.estimate).toBeCloseTo(4.302_653 / Math.sqrt(3), 5);
    expect(ci.n).toBe(3);
  });

  it('is a geometric mean of per-round ratios, symmetric on the log scale', () => {
    const ci = pairedRatioByRound([[2], [8]], [[1], [1]]);
    expect(ci.estimate).toBeCloseTo(4, 12);
    expect(ci.low * ci.high).toBeCloseTo(16, 6);
  });

  it('says nothing about spread from one unit and nothing at all from none', () => {
    expect(tInterval([5])).toEqual({ estimate: 5, low: 5, high: 5, n: 1 });
    expect(tInterval([]).n).toBe(0);
    expect(Number.isNaN(tInterval([]).estimate)).toBe(true);
  });

  it('rejects what it cannot use, naming it', () => {
    expect(() => pairedRatioByRound([[1]], [[1], [2]])).toThrow(/equal length.*got 1 and 2/);
    expect(() => pairedRatioByRound([[1]], [[0]])).toThrow(/positive means/);
    expect(() => tInterval([1, Number.NaN])).toThrow(/finite.*index 1/);
    expect(() => tInterval([1, 2], 1.5)).toThrow(/confidence.*1\.5/);
  });

  it('averages each unit first and drops units without windows', () => {
    expect(unitMeans([[1, 3], [], [10]])).toEqual([2, 10]);
  });
});

describe('rounds to halve an interval', () => {
  it('is close to 4× the rounds for many rounds (√n), fewer for few (t shrinks too)', () => {
    expect(unitsToHalve(100)).toBeGreaterThanOrEqual(385);
    expect(unitsToHalve(100)).toBeLessThanOrEqual(405);
    const few = unitsToHalve(4)!;
    expect(few).toBeGreaterThan(4);
    expect(few).toBeLessThan(16);
    // The answer does halve the half-width, and one round fewer would not.
    const half = (n: number) => tQuantile(0.95, n - 1) / Math.sqrt(n);
    expect(half(few)).toBeLessThanOrEqual(half(4) / 2);
    expect(half(few - 1)).toBeGreaterThan(half(4) / 2);
  });

  it('has no answer without a spread', () => {
    expect(unitsToHalve(1)).toBeUndefined();
    expect(unitsToHalve(0)).toBeUndefined();
  });
});
