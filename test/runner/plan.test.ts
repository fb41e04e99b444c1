import { describe, expect, it } from 'vitest';
import { STACKS } from '../../servers/stacks.js';
import { planCells, planRounds, shuffle } from '../../runner/run/plan.js';
import { loadScenarios } from '../../runner/scenarios/load.js';
import { createRng } from '../../runner/stats/random.js';

const scenarios = await loadScenarios();
const pick = (...names: string[]) => names.map((n) => scenarios.get(n)!.scenario);
/** The four Node stacks (the Python stacks' modes are native and off). */
const NODE = STACKS.filter((s) => s.language === 'node');

describe('planCells', () => {
  it.each([
    // scenarios, validations, expected cell count
    [['json'], ['zod', 'off'], 4], // validation-independent: once per stack
    [['get-product'], ['zod', 'off'], 8],
    [['get-product'], ['zod', 'off', 'native'], 9], // native only on fastify
    [['create-invalid'], ['zod', 'off'], 4], // create-invalid means nothing without validation
    [['create-invalid'], ['off'], 0],
    [['json', 'get-product', 'create-product'], ['zod', 'off'], 20], // the quick profile
  ] as const)('%j × %j → %i cells', (names, validations, count) => {
    expect(planCells(NODE, pick(...names), validations)).toHaveLength(count);
  });

  it('runs a validation-independent scenario in the first mode asked for', () => {
    const cells = planCells(NODE, pick('json'), ['off', 'zod']);
    expect(new Set(cells.map((c) => c.validation))).toEqual(new Set(['off']));
  });
});

describe('planRounds', () => {
  const cells = planCells(NODE, pick('json', 'get-product'), ['zod', 'off']);

  it('puts every cell exactly once in every round, numbered in order', () => {
    const plan = planRounds(cells, 3, 42);
    expect(plan).toHaveLength(cells.length * 3);
    for (const round of [1, 2, 3]) {
      const inRound = plan.filter((p) => p.round === round);
      expect(inRound.map((p) => p.order)).toEqual(cells.map((_, i) => i + 1));
      const keys = inRound.map((p) => `${p.stack}/${p.scenario}/${p.validation}`).sort();
      expect(keys).toEqual(cells.map((c) => `${c.stack}/${c.scenario}/${c.validation}`).sort());
    }
  });

  it('is reproducible for a seed and shuffles differently per seed and per round', () => {
    const order = (seed: number, round: number) =>
      planRounds(cells, 2, seed)
        .filter((p) => p.round === round)
        .map((p) => `${p.stack}/${p.scenario}/${p.validation}`)
        .join();
    expect(order(7, 1)).toBe(order(7, 1));
    expect(order(7, 1)).not.toBe(order(8, 1));
    expect(order(7, 1)).not.toBe(order(7, 2));
  });
});

describe('shuffle', () => {
  it('moves every position over many shuffles (no element stuck in place)', () => {
    const rng = createRng(3);
    const firsts = new Set<number>();
    for (let i = 0; i < 200; i++) firsts.add(shuffle([0, 1, 2, 3, 4], rng)[0]!);
    expect(firsts).toEqual(new Set([0, 1, 2, 3, 4]));
  });
});
