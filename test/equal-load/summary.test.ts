/** Latency at equal offered load: per-rate medians and paired ratios to node:http, from fixed trials. */
import { describe, expect, it } from 'vitest';
import { summarizeEqualLoad } from '../../runner/run/equal-load-summary.js';
import { EqualLoad, type EqualLoadTrial, Results } from '../../runner/results/schema.js';
import { blankResults } from '../fakes/results.js';

let order = 0;
function trial(
  stack: string,
  round: number,
  offeredRps: number,
  latency: { p50: number; p99: number },
  over: Partial<EqualLoadTrial> = {},
  achievedRps = offeredRps,
): EqualLoadTrial {
  return {
    id: `t${++order}`,
    round,
    order,
    stack,
    scenario: 'get-product',
    validation: 'zod',
    driver: 'embedded',
    startedAt: '2026-01-02T03:04:05.000Z',
    state: 'valid',
    flags: [],
    offeredRps,
    labels: [{ basis: 'slowest', fraction: 0.5 }],
    metrics: {
      requests: achievedRps * 2,
      durationS: 2,
      rps: achievedRps,
      latencyUs: { ...latency, p90: latency.p99, p999: latency.p99, max: latency.p99, mean: 1 },
      cpuUsPerRequest: 30,
      serverCpuPercent: 40,
      rssPeakBytes: 1,
      bytesPerSec: 1,
      errors: 0,
      timeouts: 0,
      statusCounts: { '200': achievedRps * 2 },
      unexpectedStatuses: 0,
      generatorCpuPercent: 20,
      targetRps: offeredRps,
    },
    ...over,
  };
}

const node = [
  trial('node-http', 1, 2000, { p50: 500, p99: 1000 }),
  trial('node-http', 2, 2000, { p50: 400, p99: 2000 }),
  trial('node-http', 3, 2000, { p50: 500, p99: 1000 }),
];
const express = [
  trial('express', 1, 2000, { p50: 1000, p99: 4000 }),
  trial('express', 2, 2000, { p50: 1200, p99: 6000 }),
  trial('express', 3, 2000, { p50: 1500, p99: 5000 }),
];

describe('summarizeEqualLoad', () => {
  const cells = summarizeEqualLoad([...node, ...express], 1);
  const cell = (stack: string) => cells.find((c) => c.stack === stack)!;

  it('one cell per stack and offered rate, with medians over the rounds', () => {
    expect(cells).toHaveLength(2);
    expect(cell('express')).toMatchObject({ offeredRps: 2000, trials: 3, valid: 3 });
    expect(cell('express').latencyUs!.p99.estimate).toBe(5000);
    expect(cell('express').latencyUs!.p99.low).toBeGreaterThanOrEqual(4000);
    expect(cell('express').latencyUs!.p99.high).toBeLessThanOrEqual(6000);
    expect(cell('node-http').latencyUs!.p50.estimate).toBe(500);
    expect(cell('node-http').achievedRps!.estimate).toBe(2000);
  });

  it('ratios to node:http pair rounds: geometric mean of per-round latency ratios', () => {
    // p99 per round: 4000/1000 = 4, 6000/2000 = 3, 5000/1000 = 5 → (4·3·5)^(1/3).
    const p99 = cell('express').ratioToBaseline!.p99;
    expect(p99.estimate).toBeCloseTo(Math.cbrt(60), 10);
    expect(p99.n).toBe(3);
    expect(p99.low).toBeLessThan(p99.estimate);
    expect(p99.high).toBeGreaterThan(p99.estimate);
    // p50 per round: 2, 3, 3.
    expect(cell('express').ratioToBaseline!.p50.estimate).toBeCloseTo(Math.cbrt(18), 10);
    expect(cell('express').flags).not.toContain('too-few-pairs');
    expect(cell('node-http').ratioToBaseline).toBeUndefined();
  });

  it('a trial of several windows counts once, as the mean of its windows', () => {
    const windowed = trial('hono', 1, 2000, { p50: 0, p99: 0 });
    const w = (p99: number) => ({
      state: 'valid' as const,
      flags: [],
      metrics: { ...windowed.metrics!, latencyUs: { ...windowed.metrics!.latencyUs, p99 } },
    });
    windowed.windows = [w(1000), w(3000)];
    const out = summarizeEqualLoad([windowed], 1);
    expect(out[0]!.latencyUs!.p99.estimate).toBe(2000);
  });

  it('is reproducible for a seed', () => {
    expect(summarizeEqualLoad([...node, ...express], 1)).toEqual(cells);
  });

  it('leaves out trials that did not hold the rate, and flags their cell', () => {
    const dropped = trial(
      'express',
      3,
      2000,
      { p50: 90_000, p99: 900_000 },
      {
        state: 'invalid',
        reason: '120 dropped iterations',
      },
    );
    const out = summarizeEqualLoad([...node, ...express.slice(0, 2), dropped], 1);
    const c = out.find((x) => x.stack === 'express')!;
    expect(c).toMatchObject({ trials: 3, valid: 2 });
    expect(c.latencyUs!.p99.estimate).toBe(5000); // median of 4000 and 6000
    expect(c.flags).toContain('invalid-trials');
    // Only rounds 1 and 2 pair (p99 ratios 4 and 3): too few pairs for an interval that says much.
    expect(c.ratioToBaseline!.p99.estimate).toBeCloseTo(Math.sqrt(12), 10);
    expect(c.ratioToBaseline!.p99.n).toBe(2);
    expect(c.flags).toContain('too-few-pairs');
  });

  it('no ratio where stacks were offered their own rates (equal utilisation, not equal load)', () => {
    const own = { labels: [{ basis: 'own' as const, fraction: 0.5 }] };
    const out = summarizeEqualLoad(
      [
        trial('node-http', 1, 6000, { p50: 500, p99: 1000 }, own),
        trial('express', 1, 2000, { p50: 900, p99: 3000 }, own),
      ],
      1,
    );
    expect(out.every((c) => c.ratioToBaseline === undefined)).toBe(true);
    expect(out.every((c) => c.flags.includes('single-trial'))).toBe(true);
  });

  it('flags a rate the server did not hold, cells without a valid trial, and planned flags', () => {
    const out = summarizeEqualLoad(
      [
        trial('express', 1, 2000, { p50: 1000, p99: 4000 }, {}, 1500),
        trial('hono', 1, 2000, { p50: 1, p99: 1 }, { state: 'crashed', metrics: undefined }),
      ],
      1,
      { flagsFor: (c) => (c.stack === 'hono' ? ['capacity-floor'] : []) },
    );
    expect(out.find((c) => c.stack === 'express')!.flags).toContain('rate-not-held');
    const hono = out.find((c) => c.stack === 'hono')!;
    expect(hono.latencyUs).toBeUndefined();
    expect(hono.flags).toEqual(expect.arrayContaining(['capacity-floor', 'no-valid-trials']));
  });

  it('fits the results schema (equalLoad is optional, strict)', () => {
    const equalLoad: EqualLoad = {
      driver: 'embedded',
      fractions: [0.5],
      bases: ['slowest'],
      capacities: [{ stack: 'express', scenario: 'get-product', validation: 'zod', rps: 4000 }],
      plan: [],
      trials: [...node, ...express],
      summary: cells,
    };
    const results = { ...blankResults([], 1), equalLoad };
    expect(Results.parse(JSON.parse(JSON.stringify(results))).equalLoad?.summary).toHaveLength(2);
    expect(() => Results.parse({ ...results, equalLoad: { ...equalLoad, extra: 1 } })).toThrow();
    expect(Results.parse(blankResults([], 1)).equalLoad).toBeUndefined();
  });
});
