/** `--profile guide`: what it plans, the reference it carries, and its equal-load default. */
import { describe, expect, it } from 'vitest';
import { STACKS, findStack } from '../../servers/stacks.js';
import { parseEqualLoadFlags } from '../../runner/run/equal-load-phase.js';
import { GUIDE_REFERENCE } from '../../runner/run/guide.js';
import { planCells } from '../../runner/run/plan.js';
import { GUIDE_TRIAL_OVERHEAD_S, PROFILES, referenceOf } from '../../runner/run/profiles.js';
import { Reference } from '../../runner/results/schema.js';
import { loadScenarios } from '../../runner/scenarios/load.js';

const scenarios = await loadScenarios();
const guide = PROFILES.guide;
const stacks = guide.stacks.map((n) => {
  const s = findStack(n);
  if (s === undefined) throw new Error(`guide names unknown stack ${n}`);
  return s;
});
const cells = planCells(
  stacks,
  guide.scenarios.map((n) => scenarios.get(n)!.scenario),
  guide.validations,
);
const key = (c: { stack: string; scenario: string; validation: string }) =>
  `${c.stack}/${c.scenario}/${c.validation}`;

describe('the guide profile', () => {
  it('runs the four Node stacks and the three Python ones, every known stack', () => {
    expect([...guide.stacks].sort()).toEqual(
      ['drf', 'express', 'fastapi', 'fastify', 'flask', 'hono', 'node-http'].sort(),
    );
    expect(STACKS.filter((s) => s.language === 'python').map((s) => s.name)).toEqual(
      expect.arrayContaining(['fastapi', 'flask', 'drf']),
    );
  });

  it('names scenarios that exist', () => {
    for (const name of guide.scenarios) expect(scenarios.has(name), name).toBe(true);
  });

  it('plans json once per stack: zod on Node, the framework validator (native) on Python', () => {
    const json = cells.filter((c) => c.scenario === 'json').map(key);
    expect(json.sort()).toEqual(
      [
        'node-http/json/zod',
        'express/json/zod',
        'fastify/json/zod',
        'hono/json/zod',
        'fastapi/json/native',
        'flask/json/native',
        'drf/json/native',
      ].sort(),
    );
  });

  it("plans create-product with each stack's own validator and off, so overhead is measured", () => {
    const create = cells.filter((c) => c.scenario === 'create-product').map(key);
    expect(create.sort()).toEqual(
      [
        'node-http/create-product/zod',
        'node-http/create-product/off',
        'express/create-product/zod',
        'express/create-product/off',
        'fastify/create-product/zod',
        'fastify/create-product/native',
        'fastify/create-product/off',
        'hono/create-product/zod',
        'hono/create-product/off',
        'fastapi/create-product/native',
        'fastapi/create-product/off',
        'flask/create-product/native',
        'flask/create-product/off',
        'drf/create-product/native',
        'drf/create-product/off',
      ].sort(),
    );
  });

  it('states its budget in its description, as quick does', () => {
    expect(guide.description).toMatch(/≤ 12 min on 2 cores/);
    expect(guide.description).toContain(`${guide.rounds} rounds`);
    // Trials on a busy host (start and stop measured), verify (45 s) and calibration: ≤ 12 min.
    expect(cells).toHaveLength(22);
    const trialS = GUIDE_TRIAL_OVERHEAD_S + guide.warmupS + guide.windows * guide.durationS;
    expect(cells.length * guide.rounds * trialS + 60).toBeLessThanOrEqual(12 * 60);
    expect(guide.rounds).toBeGreaterThanOrEqual(4); // a lost trial still leaves 3 pairs
  });

  it("carries the guide's table as a valid reference: 15k, 3k, 1.5k and 12k req/s on json", () => {
    const reference = referenceOf(guide);
    expect(Reference.parse(reference)).toEqual({
      source: expect.stringContaining('How to Build a REST API in 10 Minutes with FastAPI'),
      scenario: 'json',
      overheadScenario: 'create-product',
      claims: { fastapi: 15000, flask: 3000, drf: 1500, express: 12000 },
      note: expect.stringContaining('a baseline JSON endpoint'),
    });
    for (const stack of Object.keys(GUIDE_REFERENCE.claims))
      expect(guide.stacks as readonly string[]).toContain(stack);
    expect(referenceOf(PROFILES.quick)).toBeUndefined();
  });

  it('measures no latency at equal load unless --equal-load asks', () => {
    expect(parseEqualLoadFlags('guide', undefined, undefined)).toBeUndefined();
    expect(parseEqualLoadFlags('guide', '0.5', undefined)).toMatchObject({
      fractions: [0.5],
      bases: ['slowest'],
    });
    // quick's own: a quarter of the slowest stack's closed-model capacity.
    expect(parseEqualLoadFlags('quick', undefined, undefined)).toMatchObject({
      fractions: [0.25],
    });
  });
});
