/** The sweep's level parsing and interleaved plan, and knee detection: pure, table-tested. */
import { describe, expect, it } from 'vitest';
import { parseLevels, planSweep } from '../../runner/sweep/plan.js';
import { findKnee, type CurvePoint } from '../../runner/sweep/knee.js';
import { CliError } from '../../runner/exit-codes.js';

describe('parseLevels', () => {
  it.each([
    { value: '1,8,32,128,512', expected: [1, 8, 32, 128, 512] },
    { value: '512, 1 ,32,32', expected: [1, 32, 512] },
    { value: '7', expected: [7] },
  ])('"$value"', ({ value, expected }) => {
    expect(parseLevels('--connections', value, 1, 10_000)).toEqual(expected);
  });

  it.each([
    { value: '', message: '--connections: expected a comma-separated list of integers, got ""' },
    { value: '1,x,0,2.5', message: 'got "x", "0", "2.5"' },
    { value: '1,20000', message: 'expected integers from 1 to 10000, got "20000"' },
  ])('refuses "$value" naming the flag', ({ value, message }) => {
    const call = () => parseLevels('--connections', value, 1, 10_000);
    expect(call).toThrow(CliError);
    expect(call).toThrow(message);
  });
});

describe('planSweep', () => {
  const cells = [
    { stack: 'node-http', scenario: 'json', validation: 'zod' as const },
    { stack: 'express', scenario: 'json', validation: 'zod' as const },
  ];

  it('holds every cell at every level once per round, numbered in order', () => {
    const plan = planSweep(cells, [1, 8, 32], 3, 1);
    expect(plan).toHaveLength(2 * 3 * 3);
    for (const round of [1, 2, 3]) {
      const inRound = plan.filter((p) => p.round === round);
      expect(inRound.map((p) => p.order)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(new Set(inRound.map((p) => `${p.stack}@${p.level}`)).size).toBe(6);
    }
  });

  it('shuffles each round with the seed: reproducible, and not one fixed order', () => {
    const order = (seed: number, round: number) =>
      planSweep(cells, [1, 8, 32, 128, 512], 4, seed)
        .filter((p) => p.round === round)
        .map((p) => `${p.stack}@${p.level}`)
        .join(' ');
    expect(order(7, 1)).toBe(order(7, 1));
    const orders = new Set([1, 2, 3, 4].map((round) => order(7, round)));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('refuses zero rounds', () => {
    expect(() => planSweep(cells, [1], 0, 1)).toThrow('rounds to be a positive integer, got 0');
  });
});

/** A curve from [level, req/s, p99 µs] triples. */
const curve = (rows: [number, number, number][]): CurvePoint[] =>
  rows.map(([level, rps, p99Us]) => ({ level, rps, p99Us }));

describe('findKnee', () => {
  it.each<{ name: string; rows: [number, number, number][]; level: number | undefined }>([
    {
      name: 'a server saturating at 32 connections',
      rows: [
        [1, 5_000, 300],
        [8, 30_000, 500],
        [32, 35_000, 1_500],
        [128, 35_500, 6_000],
        [512, 34_000, 25_000],
      ],
      level: 32,
    },
    {
      name: 'throughput falling while latency climbs',
      rows: [
        [1, 5_000, 300],
        [8, 9_000, 1_000],
        [32, 7_000, 9_000],
      ],
      level: 8,
    },
    {
      name: 'open model: achieved rate stops following the offered one',
      rows: [
        [1_000, 1_000, 800],
        [2_000, 2_000, 900],
        [4_000, 3_900, 2_000],
        [8_000, 4_100, 900_000],
      ],
      level: 4_000,
    },
    {
      name: 'points in any order',
      rows: [
        [128, 35_500, 6_000],
        [8, 30_000, 500],
        [32, 35_000, 1_500],
        [1, 5_000, 300],
      ],
      level: 32,
    },
    {
      name: 'still scaling: no knee within the sweep',
      rows: [
        [1, 1_000, 300],
        [8, 7_500, 350],
        [32, 29_000, 500],
      ],
      level: undefined,
    },
    {
      name: 'flat throughput but steady latency is not a knee',
      rows: [
        [1, 1_000, 300],
        [8, 1_020, 310],
      ],
      level: undefined,
    },
  ])('$name', ({ rows, level }) => {
    const knee = findKnee(curve(rows));
    expect(knee.found ? knee.level : undefined).toBe(level);
  });

  it('says which step showed the knee', () => {
    const knee = findKnee(
      curve([
        [32, 10_000, 1_000],
        [128, 10_200, 4_100],
      ]),
    );
    expect(knee).toEqual({ found: true, level: 32, because: '32 → 128: req/s +2 %, p99 +310 %' });
  });

  it('follows its thresholds', () => {
    const rows = curve([
      [8, 10_000, 1_000],
      [32, 11_500, 1_400],
    ]);
    expect(findKnee(rows).found).toBe(false);
    expect(findKnee(rows, { minThroughputGain: 0.2, minLatencyGrowth: 0.3 })).toMatchObject({
      found: true,
      level: 8,
    });
  });

  it('ignores levels without numbers, and needs two', () => {
    expect(
      findKnee(
        curve([
          [1, 0, 0],
          [8, 9_000, 1_000],
        ]),
      ),
    ).toEqual({ found: false, reason: 'needs two measured levels, got 1' });
  });

  it.each([
    { options: { minThroughputGain: -0.1 }, message: 'minThroughputGain' },
    { options: { minLatencyGrowth: Number.NaN }, message: 'minLatencyGrowth' },
  ])('refuses bad thresholds: $message', ({ options, message }) => {
    expect(() => findKnee([], options)).toThrow(message);
  });

  it('refuses two points at one level', () => {
    expect(() =>
      findKnee(
        curve([
          [8, 1, 1],
          [8, 2, 2],
        ]),
      ),
    ).toThrow('one point per level');
  });
});
