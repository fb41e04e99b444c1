/** Cell summaries from trials with windows: fixed numbers, the process as the unit. */
import { describe, expect, it } from 'vitest';
import type { Trial, TrialMetrics, TrialWindow } from '../../runner/results/schema.js';
import { summarizeTrials } from '../../runner/results/summarize.js';
import { precisionOf, roundsForGoal } from '../../runner/run/precision.js';
import { describePrecision } from '../../shared/results/precision-text.js';
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

  it('counts the rounds that would reach ±5 %, checked against a t table', () => {
    // Per-round log ratios with SD 0.1 over 6 rounds: half-width t(0.975, 5)·0.1/√6 in log.
    const half = 100 * Math.expm1((2.5706 * 0.1) / Math.sqrt(6));
    // Goal ln(1.05) = 0.04879: t(17)/√18 = 2.1098/4.2426 = 0.4973 > 0.4879 ≥ t(18)/√19 = 0.4820.
    expect(roundsForGoal(half, 6)).toBe(19);
    expect(roundsForGoal(4, 6)).toBe(6);
    expect(roundsForGoal(half, 1)).toBeUndefined();
  });

  it('states the goal: met, the rounds and time it would take, or out of reach', () => {
    const base = {
      scenario: 'create-product',
      validation: 'zod',
      stack: 'fastify',
      rounds: 6,
      roundsToHalve: 20,
      goalPercent: 5,
    };
    const far = { ...base, halfWidthPercent: 12, roundsForGoal: 30, secondsPerRound: 40 };
    expect(describePrecision(far)).toMatch(
      /±12\.0 %.*Reaching the goal of ±5 % would take about 30 rounds \(about 20 min of trials\)/,
    );
    const met = { ...base, halfWidthPercent: 4.2, roundsForGoal: 6 };
    expect(describePrecision(met)).toMatch(/Every headline ratio is within the goal of ±5 %/);
    const hopeless = { ...base, halfWidthPercent: 400, roundsForGoal: null };
    expect(describePrecision(hopeless)).toMatch(/out of reach by more rounds/);
    // A file from before the goal existed: the sentence it always had, nothing invented.
    const { goalPercent: _goal, ...old } = { ...base, halfWidthPercent: 12 };
    expect(describePrecision(old)).toMatch(/would halve it\.$/);
  });

  it('records the pace of the run, seconds of trials per round', () => {
    const r = results([1, 1.02, 0.98]);
    // 9 trials (3 rounds of 3 cells) started 5 s apart: 45 s of trials, 15 s per round.
    r.trials.forEach(
      (t, i) => (t.startedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, 5 * i)).toISOString()),
    );
    expect(precisionOf(r)!.secondsPerRound).toBe(15);
  });

  it('says when there are too few pairs for an interval', () => {
    const p = precisionOf(results([1]))!;
    expect(p.roundsToHalve).toBeNull();
    expect(describePrecision(p)).toMatch(/too few pairs/);
    expect(describePrecision(undefined)).toMatch(/no ratio/);
  });
});
