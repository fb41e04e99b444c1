/** Cell summaries from trials with windows: fixed numbers, the process as the unit. */
import { describe, expect, it } from 'vitest';
import type { Trial, TrialMetrics, TrialWindow } from '../../runner/results/schema.js';
import { summarizeTrials } from '../../runner/results/summarize.js';
import { precisionOf, describePrecision } from '../../runner/run/precision.js';
import { blankResults } from '../fakes/results.js';

const metrics = (rps: number, cpuUs = 100, serverCpuPercent = 99): TrialMetrics => ({
  requests: rps,
  durationS: 1,
  rps,
  latencyUs: { p50: 900, p90: 1500, p99: 3000, p999: 5000, max: 9000, mean: 1000 },
  cpuUsPerRequest: cpuUs,
  serverCpuPercent,
  serverCores: 1,
  rssPeakBytes: 60e6,
  bytesPerSec: 1e6,
  errors: 0,
  timeouts: 0,
  statusCounts: { '201': rps },
  unexpectedStatuses: 0,
  generatorCpuPercent: 40,
});

const win = (state: TrialWindow['state'], rps: number, cpuUs = 100): TrialWindow => ({
  state,
  flags: state === 'not-saturated' ? ['not-saturated'] : [],
  metrics: metrics(rps, cpuUs),
});

function trial(
  stack: string,
  validation: string,
  round: number,
  windows: TrialWindow[],
  state: Trial['state'] = 'valid',
): Trial {
  return {
    id: `${stack}-${validation}-${round}`,
    round,
    order: 1,
    stack,
    scenario: 'create-product',
    validation,
    driver: 'fake',
    startedAt: '2026-01-02T03:04:05.000Z',
    state,
    flags: [],
    metrics: metrics(1),
    windows,
  };
}

const cellOf = (cells: ReturnType<typeof summarizeTrials>, stack: string, validation = 'zod') =>
  cells.find((c) => c.stack === stack && c.validation === validation)!;

describe('summarizeTrials with windows', () => {
  // node-http: 1000 req/s in every window; fastify: 800 — plus windows that must not count.
  const rounds = [1, 2, 3, 4];
  const trials = rounds.flatMap((r) => [
    trial('node-http', 'zod', r, [win('valid', 1000), win('valid', 1000)]),
    trial('node-http', 'off', r, [win('valid', 1250, 80), win('valid', 1250, 80)]),
    trial('fastify', 'zod', r, [
      win('valid', 800 + r, 120),
      win('valid', 800 - r, 120),
      // Unsaturated and generator-bound windows never enter a comparison.
      win('not-saturated', 100, 900),
      win('generator-bound', 5000, 10),
    ]),
  ]);
  const cells = summarizeTrials(trials, 1);

  it('averages each process and compares valid windows only', () => {
    const fastify = cellOf(cells, 'fastify');
    expect(fastify.rps!.estimate).toBeCloseTo(800, 9);
    expect(fastify.cpuUsPerRequest!.estimate).toBeCloseTo(120, 9);
    expect(fastify.ratioToBaseline!.estimate).toBeCloseTo(0.8, 9);
    expect(fastify.ratioToBaseline!.n).toBe(4);
    expect(fastify.flags).toContain('not-saturated');
    expect(fastify.flags).not.toContain('too-few-pairs');
  });

  it('pairs validation overhead by round: µs of CPU and % of throughput, with n', () => {
    const node = cellOf(cells, 'node-http');
    expect(node.validationOverhead!.cpuUsPerRequest.estimate).toBeCloseTo(20, 9);
    expect(node.validationOverhead!.throughputPercent.estimate).toBeCloseTo(20, 9);
    expect(node.validationOverhead!.throughputPercent.n).toBe(4);
    // Every round says exactly the same: a zero-width interval.
    expect(node.validationOverhead!.cpuUsPerRequest.low).toBeCloseTo(20, 9);
  });

  it('flags a cell with fewer than 3 pairs', () => {
    const few = summarizeTrials(
      trials.filter((t) => t.round <= 2),
      1,
    );
    expect(cellOf(few, 'fastify').ratioToBaseline!.n).toBe(2);
    expect(cellOf(few, 'fastify').flags).toContain('too-few-pairs');
    expect(cellOf(few, 'node-http').flags).toContain('too-few-pairs');
  });

  it('shows a generator-bound cell as a floor, never as a ratio', () => {
    const capped = summarizeTrials(
      [
        ...trials.filter((t) => t.stack === 'node-http'),
        ...rounds.map((r) =>
          trial('hono', 'zod', r, [win('generator-bound', 900)], 'generator-bound'),
        ),
      ],
      1,
    );
    const hono = cellOf(capped, 'hono');
    expect(hono.rps!.estimate).toBe(900);
    expect(hono.flags).toContain('generator-bound');
    expect(hono.valid).toBe(0);
    expect(hono.ratioToBaseline).toBeUndefined();
  });

  it('leaves invalid and crashed trials out, windows and all', () => {
    const withBad = summarizeTrials(
      [...trials, trial('fastify', 'zod', 5, [win('valid', 1e6)], 'invalid')],
      1,
    );
    expect(cellOf(withBad, 'fastify').rps!.estimate).toBeCloseTo(800, 9);
    expect(cellOf(withBad, 'fastify').flags).toContain('invalid-trials');
  });
});

describe('the precision figure', () => {
  const results = (spread: number[]) => {
    const r = blankResults([], spread.length);
    r.manifest.scenarios = [{ name: 'create-product', hash: 'x' }];
    r.trials = spread.flatMap((s, i) => [
      trial('node-http', 'zod', i + 1, [win('valid', 1000)]),
      trial('fastify', 'zod', i + 1, [win('valid', 800 * s)]),
      trial('hono', 'zod', i + 1, [win('valid', 700 * (1 + (s - 1) / 10))]),
    ]);
    r.summary = summarizeTrials(r.trials, 1);
    return r;
  };

  it("names the headline's widest ratio interval and the rounds that would halve it", () => {
    const p = precisionOf(results([0.95, 1.05, 1, 0.98, 1.02, 1]))!;
    expect(p).toMatchObject({
      scenario: 'create-product',
      validation: 'zod',
      stack: 'fastify',
      rounds: 6,
    });
    expect(p.halfWidthPercent).toBeGreaterThan(1);
    expect(p.halfWidthPercent).toBeLessThan(10);
    expect(p.roundsToHalve).toBeGreaterThan(12);
    expect(p.roundsToHalve).toBeLessThanOrEqual(24);
    expect(describePrecision(p)).toMatch(
      /widest ratio interval in the headline create-product · zod is ±\d+\.\d % \(fastify vs node-http, 6 paired rounds\); about \d+ rounds \(\d+ more/,
    );
  });

  it('says when there are too few pairs for an interval', () => {
    const p = precisionOf(results([1]))!;
    expect(p.roundsToHalve).toBeNull();
    expect(describePrecision(p)).toMatch(/too few pairs/);
    expect(describePrecision(undefined)).toMatch(/no ratio/);
  });
});
