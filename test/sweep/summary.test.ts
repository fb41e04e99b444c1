/** A sweep's per-level summary and per-cell knee, from fixed trials. */
import { describe, expect, it } from 'vitest';
import { summarizeSweep } from '../../runner/sweep/summary.js';
import { KNEE_DEFAULTS } from '../../runner/sweep/knee.js';
import type { SweepTrial } from '../../runner/results/schema.js';

let order = 0;
function trial(
  stack: string,
  level: number,
  round: number,
  rps: number,
  p99: number,
  state: SweepTrial['state'] = 'valid',
): SweepTrial {
  return {
    id: `t${++order}`,
    round,
    order,
    stack,
    scenario: 'json',
    validation: 'zod',
    driver: 'autocannon',
    startedAt: '2026-01-02T03:04:05.000Z',
    state,
    flags: [],
    level,
    metrics: {
      requests: rps,
      durationS: 1,
      rps,
      latencyUs: { p50: p99 / 2, p90: p99, p99, p999: p99, max: p99, mean: p99 / 2 },
      cpuUsPerRequest: 30,
      serverCpuPercent: 90,
      rssPeakBytes: 1,
      bytesPerSec: 1,
      errors: 0,
      timeouts: 0,
      statusCounts: { '200': rps },
      unexpectedStatuses: 0,
      generatorCpuPercent: 50,
    },
  };
}

/** Two rounds per level, the second 10 % off the first (so medians are the midpoints). */
const twice = (stack: string, rows: [number, number, number][]) =>
  rows.flatMap(([level, rps, p99]) => [
    trial(stack, level, 1, rps, p99),
    trial(stack, level, 2, rps * 1.1, p99 * 1.1),
  ]);

describe('summarizeSweep', () => {
  const trials = [
    ...twice('node-http', [
      [1, 5_000, 300],
      [8, 30_000, 500],
      [32, 35_000, 1_500],
      [128, 35_500, 6_000],
    ]),
    ...twice('express', [
      [1, 2_000, 600],
      [8, 8_000, 1_200],
      [32, 8_100, 4_000],
      [128, 8_000, 16_000],
    ]),
  ];
  const { summary, knees } = summarizeSweep(trials, 1, KNEE_DEFAULTS);

  it('one point per cell and level, sorted, with medians over the rounds', () => {
    expect(summary.map((p) => `${p.stack}@${p.level}`)).toEqual([
      'express@1',
      'express@8',
      'express@32',
      'express@128',
      'node-http@1',
      'node-http@8',
      'node-http@32',
      'node-http@128',
    ]);
    const point = summary.find((p) => p.stack === 'node-http' && p.level === 8)!;
    expect(point.rps!.estimate).toBeCloseTo(31_500, 6);
    expect(point.latencyUs!.p99.estimate).toBeCloseTo(525, 6);
    expect(point).toMatchObject({ trials: 2, measured: 2, flags: [] });
  });

  it('finds each cell’s knee on the medians', () => {
    expect(knees.map((k) => `${k.stack}:${k.level}`)).toEqual(['express:8', 'node-http:32']);
    expect(knees[0]!.because).toMatch(/^8 → 32: req\/s \+1 %, p99 \+233 %$/);
  });

  it('leaves out invalid trials, flags their level, and says when no knee was reached', () => {
    const out = summarizeSweep(
      [
        trial('hono', 1, 1, 5_000, 300, 'not-saturated'),
        trial('hono', 8, 1, 20_000, 400, 'generator-bound'),
        trial('hono', 32, 1, 1, 1, 'invalid'),
      ],
      1,
      KNEE_DEFAULTS,
    );
    expect(out.summary.map((p) => p.flags)).toEqual([
      [],
      ['generator-bound'],
      ['no-valid-trials', 'invalid-trials'],
    ]);
    expect(out.knees).toEqual([
      {
        stack: 'hono',
        scenario: 'json',
        validation: 'zod',
        level: null,
        because: 'throughput still grew (or latency held) up to 8',
      },
    ]);
  });
});
