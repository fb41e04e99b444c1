/**
 * The embedded generator's merge across workers: histograms travel encoded and add exactly
 * (merged percentiles are those of one histogram holding every value), counts add, and the
 * work is shared out over the load CPUs.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeHistogram,
  encodeHistogram,
  latencyOf,
  meanDuration,
  mergeWindows,
  newHistogram,
  type WorkerWindow,
} from '../../runner/drivers/embedded/merge.js';
import { planWorkers } from '../../runner/drivers/embedded/plan.js';
import { createRng } from '../../runner/stats/random.js';

function window(values: number[], extra: Partial<WorkerWindow> = {}): WorkerWindow {
  const h = newHistogram();
  for (const v of values) h.recordValue(v);
  return {
    requests: values.length,
    durationS: 1,
    statusCounts: { '200': values.length },
    errors: 0,
    timeouts: 0,
    bytes: values.length * 100,
    cpuS: 0.5,
    dropped: 0,
    late: 0,
    behind: 0,
    histogram: encodeHistogram(h),
    maxUs: h.maxValue,
    ...extra,
  };
}

describe('mergeWindows', () => {
  it("adds the workers' waits for their CPUs, and leaves them out if one worker had none", () => {
    const both = mergeWindows(
      [window([5], { waitS: 0.25 }), window([6], { waitS: 0.125 })],
      1,
      2,
      false,
    );
    expect(both.generatorWaitS).toBe(0.375);
    const one = mergeWindows([window([5], { waitS: 0.25 }), window([6])], 1, 2, false);
    expect(one.generatorWaitS).toBeUndefined();
  });

  it('merges two known histograms into the percentiles of all their values', () => {
    const a = Array.from({ length: 1000 }, (_, i) => i + 1); // 1..1000 µs
    const b = Array.from({ length: 1000 }, (_, i) => i + 1001); // 1001..2000 µs
    const merged = mergeWindows([window(a), window(b)], 1, 2, false);
    // Values under 2048 are exact at 3 significant digits.
    expect(merged.latencyUs).toEqual({
      p50: 1000,
      p90: 1800,
      p99: 1980,
      p999: 1998,
      max: 2000,
      mean: 1000.5,
    });
    expect(merged.requests).toBe(2000);
    expect(merged.bytes).toBe(200_000);
    expect(merged.generatorCpuS).toBe(1);
    expect(merged.generatorCores).toBe(2);
    expect(merged.dropped).toBeUndefined();
  });

  it('gives exactly the percentiles of one histogram, however the values were split', () => {
    const rng = createRng(42);
    const values = Array.from({ length: 20_000 }, () => Math.round(50 + 1e6 * rng() ** 6));
    const whole = newHistogram();
    for (const v of values) whole.recordValue(v);
    for (const workers of [1, 2, 3, 7]) {
      const split: number[][] = Array.from({ length: workers }, () => []);
      values.forEach((v) => split[Math.floor(rng() * workers)]!.push(v));
      const merged = mergeWindows(
        split.map((s) => window(s)),
        1,
        workers,
        false,
      );
      expect(merged.latencyUs, `${workers} workers`).toEqual(latencyOf(whole));
      expect(merged.requests).toBe(values.length);
    }
  });

  it('adds statuses, errors, timeouts, dropped requests and late ones', () => {
    const merged = mergeWindows(
      [
        window([10, 20], {
          statusCounts: { '200': 1, '418': 1 },
          errors: 1,
          dropped: 3,
          late: 5,
          behind: 2,
        }),
        window([30], { statusCounts: { '200': 1 }, timeouts: 2, dropped: 4, late: 1, behind: 1 }),
        window([], { statusCounts: {}, errors: 5 }),
      ],
      2,
      3,
      true,
    );
    expect(merged).toMatchObject({
      requests: 3,
      durationS: 2,
      statusCounts: { '200': 2, '418': 1 },
      errors: 6,
      timeouts: 2,
      dropped: 7,
      late: 6,
      lateBehind: 3,
    });
    expect(merged.latencyUs.max).toBe(30);
  });

  it('never reports a percentile above the exact maximum', () => {
    // 25 046 µs lies in a bucket whose highest value is 25 055 µs.
    const merged = mergeWindows([window([100, 25_046])], 1, 1, false);
    expect(merged.latencyUs.max).toBe(25_046);
    expect(merged.latencyUs.p999).toBe(25_046);
    expect(merged.latencyUs.p50).toBe(100);
  });

  it('reports zeros, not NaN, when nothing was answered', () => {
    const merged = mergeWindows([window([]), window([])], 1, 2, false);
    expect(merged.latencyUs).toEqual({ p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 });
  });

  it('round-trips a histogram through its encoding unchanged (the exact max travels apart)', () => {
    const h = newHistogram();
    for (const v of [1, 7, 7, 999, 123_456, 119_999_999]) h.recordValue(v);
    const back = decodeHistogram(encodeHistogram(h));
    expect(back.totalCount).toBe(6);
    expect(latencyOf(back, h.maxValue)).toEqual(latencyOf(h));
    expect(latencyOf(h).max).toBe(119_999_999);
  });

  it('averages the wall time of side-by-side windows', () => {
    expect(meanDuration([window([1], { durationS: 0.99 }), window([1], { durationS: 1.01 })])).toBe(
      1,
    );
  });
});

describe('planWorkers', () => {
  it('runs one worker per load CPU, pinned, with the connections shared out', () => {
    expect(planWorkers({ cpus: '0-1', connections: 33 })).toEqual([
      { cpu: 0, connections: 17 },
      { cpu: 1, connections: 16 },
    ]);
    expect(planWorkers({ cpus: '2,5,7', connections: 32 }).map((s) => s.connections)).toEqual([
      11, 11, 10,
    ]);
  });

  it('never runs more workers than connections', () => {
    expect(planWorkers({ cpus: '0-3', connections: 2 })).toEqual([
      { cpu: 0, connections: 1 },
      { cpu: 1, connections: 1 },
    ]);
  });

  it('runs one unpinned worker when the job is not pinned', () => {
    expect(planWorkers({ connections: 8 })).toEqual([{ cpu: undefined, connections: 8 }]);
  });

  it('shares the arrival rate and the pool among workers', () => {
    expect(planWorkers({ cpus: '0-1', connections: 64, rate: 3000 })).toEqual([
      { cpu: 0, connections: 32, rate: 1500 },
      { cpu: 1, connections: 32, rate: 1500 },
    ]);
  });

  it('spreads an explicit worker count round-robin over the CPUs', () => {
    expect(planWorkers({ cpus: '0', connections: 8 }, 2)).toEqual([
      { cpu: 0, connections: 4 },
      { cpu: 0, connections: 4 },
    ]);
  });
});
