/**
 * A latency-at-equal-load phase and a sweep, every number written by hand, to add to the
 * report fixture (`variant(withEqualLoad)`): node:http and Express on get-product at
 * 2,000 req/s (half of Express's capacity) and node:http at 4,000; node:http over 8 and 32
 * connections on json (knee at 8), Express at 8 only (no knee found).
 */
import type { Results, TrialMetrics } from '../../runner/results/schema.js';

function metrics(rps: number, p50: number, p99: number, extra: Partial<TrialMetrics> = {}) {
  return {
    requests: rps * 2,
    durationS: 2,
    rps,
    latencyUs: { p50, p90: p50 * 2, p99, p999: p99 * 2, max: p99 * 3, mean: p50 },
    cpuUsPerRequest: 50,
    serverCpuPercent: 40,
    rssPeakBytes: 60_000_000,
    bytesPerSec: rps * 100,
    errors: 0,
    timeouts: 0,
    statusCounts: { '200': rps * 2 },
    unexpectedStatuses: 0,
    generatorCpuPercent: 30,
    ...extra,
  };
}

const m = (estimate: number, low: number, high: number, cv = 0.05) => ({
  estimate,
  low,
  high,
  cv,
});
const latency = (p50: number, p99: number) => ({
  p50: m(p50, p50 - 10, p50 + 10),
  p90: m(p50 * 2, p50 * 2 - 20, p50 * 2 + 20),
  p99: m(p99, p99 - 100, p99 + 100),
  p999: m(p99 * 2, p99 * 2 - 200, p99 * 2 + 200),
});

const base = {
  scenario: 'get-product',
  validation: 'zod',
  driver: 'embedded',
  startedAt: '2025-11-24T03:00:00Z',
  flags: [],
};
const slowest = { basis: 'slowest' as const, fraction: 0.5 };
const own = { basis: 'own' as const, fraction: 0.5 };

export function withEqualLoad(r: Results): void {
  r.equalLoad = {
    driver: 'embedded',
    fractions: [0.5],
    bases: ['slowest', 'own'],
    capacities: [],
    plan: [],
    trials: [
      {
        ...base,
        id: 'e1-1',
        round: 1,
        order: 1,
        stack: 'express',
        state: 'valid',
        offeredRps: 2000,
        labels: [slowest, own],
        metrics: metrics(1990, 800, 5000, {
          dropped: 0,
          targetRps: 2000,
          serverCores: 1,
          serverBusyPercent: 97.5,
          generatorBusyPercent: 44,
          otherCpuPercent: 3.2,
        }),
      },
      {
        ...base,
        id: 'e1-2',
        round: 1,
        order: 2,
        stack: 'node-http',
        state: 'valid',
        offeredRps: 2000,
        labels: [slowest],
        metrics: metrics(2000, 400, 2500, { dropped: 0, targetRps: 2000 }),
      },
      {
        ...base,
        id: 'e2-1',
        round: 2,
        order: 1,
        stack: 'express',
        state: 'invalid',
        reason: '40 requests dropped, 3 timeouts',
        offeredRps: 2000,
        labels: [slowest, own],
        metrics: metrics(1900, 900, 9000, { dropped: 40, timeouts: 3, targetRps: 2000 }),
      },
      {
        ...base,
        id: 'e1-3',
        round: 1,
        order: 3,
        stack: 'node-http',
        state: 'valid',
        offeredRps: 4000,
        labels: [own],
        metrics: metrics(3995, 450, 3000, { dropped: 2, targetRps: 4000 }),
      },
    ],
    summary: [
      {
        stack: 'node-http',
        scenario: 'get-product',
        validation: 'zod',
        offeredRps: 4000,
        labels: [own],
        trials: 1,
        valid: 1,
        achievedRps: m(3995, 3995, 3995, 0),
        latencyUs: latency(450, 3000),
        flags: ['single-trial'],
      },
      {
        stack: 'express',
        scenario: 'get-product',
        validation: 'zod',
        offeredRps: 2000,
        labels: [slowest, own],
        trials: 2,
        valid: 1,
        achievedRps: m(1990, 1980, 2000),
        latencyUs: latency(800, 5000),
        ratioToBaseline: {
          p50: { estimate: 2, low: 1.5, high: 2.5, n: 3 },
          p99: { estimate: 2, low: 0.8, high: 3.5, n: 3 },
        },
        flags: ['invalid-trials'],
      },
      {
        stack: 'node-http',
        scenario: 'get-product',
        validation: 'zod',
        offeredRps: 2000,
        labels: [slowest],
        trials: 1,
        valid: 1,
        achievedRps: m(2000, 1995, 2005),
        latencyUs: latency(400, 2500),
        flags: [],
      },
    ],
  };
}

export function withSweep(r: Results): void {
  r.sweep = {
    model: 'closed',
    levels: [8, 32],
    knee: { minThroughputGain: 0.1, minLatencyGrowth: 0.5 },
    plan: [],
    trials: [
      {
        ...base,
        scenario: 'json',
        driver: 'autocannon',
        id: 's1-1',
        round: 1,
        order: 1,
        stack: 'node-http',
        state: 'valid',
        level: 32,
        metrics: metrics(12000, 2600, 9000, { errors: 1 }),
      },
      {
        ...base,
        scenario: 'json',
        driver: 'autocannon',
        id: 's1-2',
        round: 1,
        order: 2,
        stack: 'node-http',
        state: 'valid',
        level: 8,
        metrics: metrics(11000, 700, 2000),
      },
      {
        ...base,
        scenario: 'json',
        driver: 'autocannon',
        id: 's1-3',
        round: 1,
        order: 3,
        stack: 'express',
        state: 'generator-bound',
        level: 8,
        metrics: metrics(3000, 2600, 6000),
      },
    ],
    summary: [
      {
        stack: 'express',
        scenario: 'json',
        validation: 'zod',
        level: 8,
        trials: 1,
        measured: 1,
        rps: m(3000, 3000, 3000, 0),
        latencyUs: latency(2600, 6000),
        flags: ['generator-bound'],
      },
      {
        stack: 'node-http',
        scenario: 'json',
        validation: 'zod',
        level: 32,
        trials: 1,
        measured: 1,
        rps: m(12000, 12000, 12000, 0),
        latencyUs: latency(2600, 9000),
        flags: [],
      },
      {
        stack: 'node-http',
        scenario: 'json',
        validation: 'zod',
        level: 8,
        trials: 1,
        measured: 1,
        rps: m(11000, 11000, 11000, 0),
        latencyUs: latency(700, 2000),
        flags: [],
      },
    ],
    knees: [
      { stack: 'node-http', scenario: 'json', validation: 'zod', level: 8, because: 'p99 ×4.5' },
      { stack: 'express', scenario: 'json', validation: 'zod', level: null, because: 'one level' },
    ],
  };
}
