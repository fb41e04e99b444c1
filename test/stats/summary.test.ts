import { describe, expect, it } from 'vitest';
import { validationOverhead } from '../../runner/stats/overhead.js';
import { createRng } from '../../runner/stats/random.js';
import { summarize } from '../../runner/stats/summary.js';

describe('summarize', () => {
  it('reports n, the median with its interval, and the CV', () => {
    // x = [2, 4, 4, 4, 5, 5, 7, 9]: median 4.5, mean 5, sample sd √(32/7).
    const summary = summarize([2, 4, 4, 4, 5, 5, 7, 9], { rng: createRng(1) });
    expect(summary.n).toBe(8);
    expect(summary.median.estimate).toBe(4.5);
    expect(summary.median.low).toBeGreaterThanOrEqual(2);
    expect(summary.median.high).toBeLessThanOrEqual(9);
    expect(summary.cv).toBeCloseTo(Math.sqrt(32 / 7) / 5, 12);
  });

  it('summarises a single trial without inventing spread', () => {
    const summary = summarize([1234], { rng: createRng(1) });
    expect(summary).toEqual({ n: 1, median: { estimate: 1234, low: 1234, high: 1234 }, cv: NaN });
  });
});

describe('validationOverhead', () => {
  it('pairs rounds: extra CPU µs per request and throughput lost, with intervals', () => {
    // Rounds differ a lot (machine drift) but validation always adds ≈ 2 µs and costs 20 %.
    const off = {
      cpuUsPerRequest: [10, 11, 9.5, 10.5, 10.2],
      requestsPerSecond: [1000, 1100, 950, 1050, 1020],
    };
    const on = {
      // per-round differences 2, 2.1, 1.9, 2.0, 2.05 → median 2.0
      cpuUsPerRequest: [12, 13.1, 11.4, 12.5, 12.25],
      requestsPerSecond: [800, 880, 760, 840, 816],
    };
    const overhead = validationOverhead(on, off, { rng: createRng(1) });
    expect(overhead.cpuUsPerRequest.estimate).toBeCloseTo(2, 12);
    expect(overhead.cpuUsPerRequest.low).toBeGreaterThanOrEqual(1.9 - 1e-9);
    expect(overhead.cpuUsPerRequest.high).toBeLessThanOrEqual(2.1 + 1e-9);
    expect(overhead.throughputLossPercent.estimate).toBeCloseTo(20, 9);
    expect(overhead.throughputLossPercent.low).toBeCloseTo(20, 9);
    expect(overhead.throughputLossPercent.high).toBeCloseTo(20, 9);
  });

  it('maps the ratio interval to a loss interval with low ≤ estimate ≤ high', () => {
    const off = { cpuUsPerRequest: [10, 10, 10, 10], requestsPerSecond: [1000, 1000, 1000, 1000] };
    const on = { cpuUsPerRequest: [11, 12, 13, 14], requestsPerSecond: [700, 800, 900, 950] };
    const { throughputLossPercent: loss } = validationOverhead(on, off, { rng: createRng(2) });
    // Ratios 0.7, 0.8, 0.9, 0.95 → median 0.85 → loss 15 %.
    expect(loss.estimate).toBeCloseTo(15, 9);
    expect(loss.low).toBeLessThanOrEqual(loss.estimate);
    expect(loss.high).toBeGreaterThanOrEqual(loss.estimate);
    expect(loss.low).toBeGreaterThanOrEqual(5 - 1e-9);
    expect(loss.high).toBeLessThanOrEqual(30 + 1e-9);
  });

  it('rejects series of different lengths', () => {
    const off = { cpuUsPerRequest: [10, 10], requestsPerSecond: [1000, 1000] };
    const on = { cpuUsPerRequest: [11], requestsPerSecond: [900] };
    expect(() => validationOverhead(on, off, { rng: createRng(1) })).toThrow(/equal length/);
  });
});
