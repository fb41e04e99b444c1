import { describe, expect, it } from 'vitest';
import { createRng } from '../../runner/stats/random.js';
import { compareCells, verdict, type VerdictKind } from '../../runner/stats/verdict.js';
import { lognormalSample } from './synthetic.js';

/** Verdicts over 20 seeded synthetic cases: base and head drawn with the given noise. */
function verdictCounts(options: {
  rounds: number;
  cv: (seed: number) => number;
  factor: number;
  higherIsBetter: boolean;
}): Record<VerdictKind, number> {
  const counts: Record<VerdictKind, number> = {
    improvement: 0,
    regression: 0,
    'no change': 0,
    'too noisy': 0,
  };
  for (let seed = 1; seed <= 20; seed++) {
    const data = createRng(seed);
    const cv = options.cv(seed);
    const base = lognormalSample(data, options.rounds, 10_000, cv);
    const head = lognormalSample(data, options.rounds, 10_000 * options.factor, cv);
    const result = verdict({
      base,
      head,
      higherIsBetter: options.higherIsBetter,
      rng: createRng(1_000 + seed),
    });
    counts[result.verdict] += 1;
  }
  return counts;
}

describe('verdict on synthetic data', () => {
  it('A/A: the same process twice (10 rounds, CV 10–20 %) flags a regression at most once in 20', () => {
    const counts = verdictCounts({
      rounds: 10,
      cv: (seed) => [0.1, 0.15, 0.2][seed % 3]!,
      factor: 1,
      higherIsBetter: true,
    });
    expect(counts.regression).toBeLessThanOrEqual(1);
    expect(counts.improvement + counts.regression).toBeLessThanOrEqual(2);
  });

  it('A/A with low noise (15 rounds, CV 2 %) says "no change"', () => {
    const counts = verdictCounts({ rounds: 15, cv: () => 0.02, factor: 1, higherIsBetter: true });
    expect(counts.regression).toBeLessThanOrEqual(1);
    expect(counts['no change']).toBeGreaterThanOrEqual(18);
  });

  // Expected power, from the normal approximation of the log ratio of two medians of 15
  // (sd ≈ 1.2533 · 0.03 · √(2/15) ≈ 0.0137): the interval's far end clears 1 − 5 % for a
  // true ratio of 0.9 with probability ≈ 98 %, and clears 1 + 5 % for a true ratio of 1.1
  // with ≈ 92 % (1.1 is only 4.7 % above 1.05 on a log scale; 0.9 is 5.4 % below 0.95).
  // The bounds below sit well under those rates; a wrong direction or a false
  // "no change" is never acceptable.
  it('catches a 10 % throughput drop (15 rounds, CV 3 %) as a regression', () => {
    const counts = verdictCounts({ rounds: 15, cv: () => 0.03, factor: 0.9, higherIsBetter: true });
    expect(counts.regression).toBeGreaterThanOrEqual(18);
    expect(counts.improvement).toBe(0);
    expect(counts['no change']).toBe(0);
  });

  it('calls a 10 % throughput gain an improvement', () => {
    const counts = verdictCounts({ rounds: 15, cv: () => 0.03, factor: 1.1, higherIsBetter: true });
    expect(counts.improvement).toBeGreaterThanOrEqual(15);
    expect(counts.regression).toBe(0);
    expect(counts['no change']).toBe(0);
  });

  it('calls 10 % higher latency a regression when lower is better', () => {
    const counts = verdictCounts({
      rounds: 15,
      cv: () => 0.03,
      factor: 1.1,
      higherIsBetter: false,
    });
    expect(counts.regression).toBeGreaterThanOrEqual(15);
    expect(counts.improvement).toBe(0);
    expect(counts['no change']).toBe(0);
  });

  it('says "too noisy" for CV 40 % with 5 rounds, never "no change"', () => {
    const counts = verdictCounts({ rounds: 5, cv: () => 0.4, factor: 0.9, higherIsBetter: true });
    expect(counts['too noisy']).toBeGreaterThanOrEqual(18);
    expect(counts['no change']).toBe(0);
  });
});

describe('verdict rules on hand-made data', () => {
  // median(base) = 102, median(head) = 91 → ratio 0.892; every resampled ratio lies in
  // [89/104, 93/100] = [0.856, 0.93], wholly below 1 − 5 %. Complete separation of
  // 5 vs 5 gives the exact p = 2/C(10, 5) = 2/252 ≈ 0.0079.
  const base = [100, 101, 102, 103, 104];
  const head = [89, 90, 91, 92, 93];

  it('claims a regression when p < α and the interval lies beyond the threshold', () => {
    const result = verdict({ base, head, higherIsBetter: true, rng: createRng(1) });
    expect(result.verdict).toBe('regression');
    expect(result.ratio).toBeCloseTo(91 / 102, 12);
    expect(result.ci.high).toBeLessThan(0.95);
    expect(result.ci.low).toBeGreaterThanOrEqual(89 / 104);
    expect(result.p).toBeCloseTo(2 / 252, 12);
    expect(result.adjustedP).toBe(result.p);
    expect(result.method).toBe('exact');
  });

  it('reverses the direction when lower is better', () => {
    expect(verdict({ base, head, higherIsBetter: false, rng: createRng(1) }).verdict).toBe(
      'improvement',
    );
  });

  it('withholds the claim when the adjusted p is not below α', () => {
    const result = verdict({
      base,
      head,
      higherIsBetter: true,
      adjustedP: 0.08,
      rng: createRng(1),
    });
    expect(result.verdict).toBe('too noisy');
    expect(result.p).toBeCloseTo(2 / 252, 12);
    expect(result.adjustedP).toBe(0.08);
  });

  it('ignores a significant change smaller than the threshold, and catches it with a smaller one', () => {
    // A 3 % drop measured precisely (CV 0.5 %, 15 rounds).
    const data = createRng(8);
    const b = lognormalSample(data, 15, 1_000, 0.005);
    const h = lognormalSample(data, 15, 970, 0.005);
    const at5 = verdict({ base: b, head: h, higherIsBetter: true, rng: createRng(2) });
    const at1 = verdict({
      base: b,
      head: h,
      higherIsBetter: true,
      threshold: 0.01,
      rng: createRng(2),
    });
    expect(at5.p).toBeLessThan(0.001);
    expect(at5.verdict).toBe('no change');
    expect(at1.verdict).toBe('regression');
  });

  it('says "too noisy" when a group has fewer than two values', () => {
    const empty = verdict({ base: [], head: [1, 2], higherIsBetter: true, rng: createRng(1) });
    expect(empty.verdict).toBe('too noisy');
    expect(empty.ratio).toBeNaN();
    expect(empty.p).toBe(1);
    const single = verdict({ base: [100], head: [50], higherIsBetter: true, rng: createRng(1) });
    expect(single.verdict).toBe('too noisy');
    expect(single.ratio).toBe(0.5);
  });

  it('is reproducible for the same seed', () => {
    const a = verdict({ base, head, higherIsBetter: true, rng: createRng(5) });
    const b = verdict({ base, head, higherIsBetter: true, rng: createRng(5) });
    expect(a).toEqual(b);
  });

  it('names the option and the value it rejects', () => {
    expect(() =>
      verdict({ base, head, higherIsBetter: true, threshold: 5, rng: createRng(1) }),
    ).toThrow(/Expected the threshold option to be in \[0, 1\), got 5/);
    expect(() =>
      verdict({ base, head, higherIsBetter: true, alpha: 0, rng: createRng(1) }),
    ).toThrow(/Expected the alpha option to be between 0 and 1, got 0/);
  });
});

describe('compareCells', () => {
  const regressed = {
    key: 'fastify/zod/get-item/rps',
    base: [100, 101, 102, 103, 104],
    head: [89, 90, 91, 92, 93],
    higherIsBetter: true,
  };
  // Nine cells whose head equals their base: p = 1 each.
  const unchanged = Array.from({ length: 9 }, (_, i) => {
    const values = [200 + i, 201 + i, 202 + i, 203 + i, 204 + i];
    return { key: `stack-${i}/off/get-item/rps`, base: values, head: values, higherIsBetter: true };
  });

  it('claims the regression of a cell compared alone', () => {
    const [result] = compareCells([regressed], { seed: 1 });
    expect(result?.key).toBe(regressed.key);
    expect(result?.verdict).toBe('regression');
    expect(result?.adjustedP).toBeCloseTo(2 / 252, 12);
  });

  it('applies Holm across cells: the same p fails among ten cells', () => {
    // Holm: the smallest of 10 p-values is multiplied by 10: 10 · 2/252 ≈ 0.079 ≥ 0.05.
    const results = compareCells([...unchanged, regressed], { seed: 1 });
    expect(results.map((r) => r.key)).toEqual([...unchanged, regressed].map((c) => c.key));
    const last = results[9]!;
    expect(last.p).toBeCloseTo(2 / 252, 12);
    expect(last.adjustedP).toBeCloseTo(20 / 252, 12);
    expect(last.verdict).toBe('too noisy');
    expect(results.slice(0, 9).every((r) => r.verdict === 'no change' && r.adjustedP === 1)).toBe(
      true,
    );
  });

  it('gives a cell the same interval whatever else is compared', () => {
    const alone = compareCells([regressed], { seed: 3 })[0]!;
    const among = compareCells([...unchanged, regressed], { seed: 3 })[9]!;
    expect(among.ci).toEqual(alone.ci);
  });

  it('rejects duplicate keys', () => {
    expect(() => compareCells([regressed, regressed], { seed: 1 })).toThrow(
      /Expected unique cell keys, got "fastify\/zod\/get-item\/rps" twice/,
    );
  });
});
