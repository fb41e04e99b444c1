/** Equal-offered-load rate planning: a pure function, tested by tables of hand-computed rates. */
import { describe, expect, it } from 'vitest';
import {
  planEqualLoad,
  planEqualLoadRounds,
  type CellCapacity,
  type EqualLoadOptions,
} from '../../runner/run/equal-load.js';

const cap = (stack: string, rps: number, over: Partial<CellCapacity> = {}): CellCapacity => ({
  stack,
  scenario: 'get-product',
  validation: 'zod',
  rps,
  ...over,
});

const rates = (plan: ReturnType<typeof planEqualLoad>, stack: string) =>
  plan.points.filter((p) => p.stack === stack).map((p) => p.rps);

describe('planEqualLoad', () => {
  const capacities = [cap('node-http', 12_000), cap('express', 4_000), cap('fastify', 10_001)];

  it.each<{ name: string; options: EqualLoadOptions; expected: Record<string, number[]> }>([
    {
      name: 'slowest basis: the same rates for every stack',
      options: { fractions: [0.25, 0.5, 0.75], bases: ['slowest'] },
      expected: {
        'node-http': [1000, 2000, 3000],
        express: [1000, 2000, 3000],
        fastify: [1000, 2000, 3000],
      },
    },
    {
      name: "own basis: fractions of each stack's capacity, rounded to whole req/s",
      options: { fractions: [0.5, 0.25], bases: ['own'] },
      expected: {
        'node-http': [3000, 6000],
        express: [1000, 2000],
        fastify: [2500, 5001], // 10,001 × 0.25 = 2,500.25; × 0.5 = 5,000.5 → 5,001
      },
    },
    {
      name: 'both bases: the slowest stack is measured once per rate',
      options: { fractions: [0.5], bases: ['slowest', 'own'] },
      expected: { 'node-http': [2000, 6000], express: [2000], fastify: [2000, 5001] },
    },
  ])('$name', ({ options, expected }) => {
    const plan = planEqualLoad(capacities, options);
    expect(plan.skipped).toEqual([]);
    for (const [stack, want] of Object.entries(expected)) expect(rates(plan, stack)).toEqual(want);
  });

  it('labels a shared point with both bases', () => {
    const plan = planEqualLoad(capacities, { fractions: [0.5], bases: ['slowest', 'own'] });
    const express = plan.points.filter((p) => p.stack === 'express');
    expect(express).toHaveLength(1);
    expect(express[0]!.labels).toEqual([
      { basis: 'slowest', fraction: 0.5 },
      { basis: 'own', fraction: 0.5 },
    ]);
  });

  it('takes the slowest per scenario and validation, not across them', () => {
    const plan = planEqualLoad(
      [
        cap('node-http', 10_000),
        cap('express', 2_000),
        cap('node-http', 8_000, { scenario: 'json' }),
        cap('express', 6_000, { scenario: 'json' }),
        cap('express', 1_000, { validation: 'off' }),
        cap('node-http', 9_000, { validation: 'off' }),
      ],
      { fractions: [0.5], bases: ['slowest'] },
    );
    const at = (scenario: string, validation: string) =>
      plan.points
        .filter((p) => p.scenario === scenario && p.validation === validation)
        .map((p) => `${p.stack}@${p.rps}`);
    expect(at('get-product', 'zod')).toEqual(['node-http@1000', 'express@1000']);
    expect(at('json', 'zod')).toEqual(['node-http@3000', 'express@3000']);
    expect(at('get-product', 'off')).toEqual(['express@500', 'node-http@500']);
  });

  it('skips cells without a capacity, which then do not set the slowest rate', () => {
    const plan = planEqualLoad([cap('node-http', 8_000), cap('express', 0), cap('hono', NaN)], {
      fractions: [0.5],
      bases: ['slowest'],
    });
    expect(plan.points.map((p) => `${p.stack}@${p.rps}`)).toEqual(['node-http@4000']);
    expect(plan.skipped.map((s) => s.stack)).toEqual(['express', 'hono']);
    expect(plan.skipped[0]!.reason).toContain('no saturated capacity');
  });

  it('never plans less than 1 req/s', () => {
    const plan = planEqualLoad([cap('node-http', 3)], { fractions: [0.1], bases: ['own'] });
    expect(rates(plan, 'node-http')).toEqual([1]);
  });

  it('flags rates derived from a capacity that is a floor, and rates above the driver ceiling', () => {
    const plan = planEqualLoad([cap('node-http', 40_000, { floor: true }), cap('express', 8_000)], {
      fractions: [0.25, 0.75],
      bases: ['slowest', 'own'],
      driverCeilingRps: 20_000,
    });
    const flags = Object.fromEntries(
      plan.points.map((p) => [`${p.stack}@${p.rps}`, p.flags.join(',')]),
    );
    expect(flags).toEqual({
      'node-http@2000': '',
      'node-http@6000': '',
      'node-http@10000': 'capacity-floor',
      'node-http@30000': 'capacity-floor,above-driver-ceiling',
      'express@2000': '',
      'express@6000': '',
    });
  });

  it.each([
    { options: { fractions: [], bases: ['own'] }, message: 'expected at least one fraction' },
    { options: { fractions: [0], bases: ['own'] }, message: 'each fraction in (0, 1], got 0' },
    { options: { fractions: [1.5], bases: ['own'] }, message: 'got 1.5' },
    { options: { fractions: [0.5, 0.5], bases: ['own'] }, message: 'distinct fractions' },
    { options: { fractions: [0.5], bases: [] }, message: 'bases: expected slowest and/or own' },
    { options: { fractions: [0.5], bases: ['median'] }, message: 'got "median"' },
    {
      options: { fractions: [0.5], bases: ['own'], driverCeilingRps: -1 },
      message: 'driverCeilingRps',
    },
  ])('refuses bad options naming the field: $message', ({ options, message }) => {
    expect(() => planEqualLoad(capacities, options as EqualLoadOptions)).toThrow(message);
  });
});

describe('planEqualLoadRounds', () => {
  const plan = planEqualLoad([cap('node-http', 12_000), cap('express', 4_000)], {
    fractions: [0.25, 0.5],
    bases: ['slowest', 'own'],
  });

  it('every point once per round, interleaved in a seeded order', () => {
    const rounds = planEqualLoadRounds(plan.points, 3, 5);
    expect(rounds).toHaveLength(plan.points.length * 3);
    for (const round of [1, 2, 3]) {
      const inRound = rounds.filter((p) => p.round === round);
      expect(inRound.map((p) => p.order)).toEqual(inRound.map((_, i) => i + 1));
      expect(new Set(inRound.map((p) => `${p.stack}@${p.rps}`)).size).toBe(plan.points.length);
    }
    expect(planEqualLoadRounds(plan.points, 3, 5)).toEqual(rounds);
  });

  it('refuses zero rounds', () => {
    expect(() => planEqualLoadRounds(plan.points, 0, 1)).toThrow('positive integer, got 0');
  });
});
