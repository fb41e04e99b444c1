import { describe, expect, it } from 'vitest';
import { loadScenarios, parseScenario } from '../../runner/scenarios/load.js';
import {
  compileScenario,
  expectedStatuses,
  type ConnectionState,
} from '../../runner/scenarios/render.js';
import { createRng } from '../../runner/stats/random.js';

const scenarios = await loadScenarios();
const state = (seed = 1): ConnectionState => ({
  rng: createRng(seed),
  connection: 1,
  counter: 0,
  saved: {},
});

describe('shipped scenarios', () => {
  it('all six load and validate', () => {
    expect([...scenarios.keys()].sort()).toEqual([
      'create-invalid',
      'create-product',
      'get-product',
      'json',
      'list-products',
      'mixed',
    ]);
  });

  it('vary their requests: get-product spreads ids over the seeded range', () => {
    const [get] = compileScenario(scenarios.get('get-product')!.scenario);
    const s = state();
    const ids = new Set(
      Array.from({ length: 500 }, () => Number(get!.render(s).path.split('/').pop())),
    );
    expect(ids.size).toBeGreaterThan(300);
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ids)).toBeLessThanOrEqual(1000);
  });

  it('render the same requests for the same seed', () => {
    const steps = compileScenario(scenarios.get('list-products')!.scenario);
    const paths = (seed: number) => {
      const s = state(seed);
      return Array.from({ length: 20 }, () => steps[0]!.render(s).path).join();
    };
    expect(paths(5)).toBe(paths(5));
    expect(paths(5)).not.toBe(paths(6));
  });

  it('create-product sends a typed JSON body, then deletes the id it created', () => {
    const [create, remove] = compileScenario(scenarios.get('create-product')!.scenario);
    const s = state();
    const body = JSON.parse(create!.render(s).body!) as Record<string, unknown>;
    expect(typeof body.unit_price).toBe('number');
    expect(Number.isInteger(body.inventory_count)).toBe(true);
    expect(body.sku).toMatch(/^SB-1-1$/);
    expect(body.title).toBe('Load test item SB-1-1');
    s.saved.created = { id: 1234 };
    expect(remove!.render(s)).toEqual({ method: 'DELETE', path: '/catalog/products/1234' });
    expect(expectedStatuses(scenarios.get('create-product')!.scenario)).toEqual(
      new Set([201, 204]),
    );
  });
});

describe('scenario validation', () => {
  it('reports every problem at once, with file and path', () => {
    const bad = JSON.stringify({
      name: 'broken',
      description: '',
      colour: 'blue',
      sequence: [{ name: 'x', method: 'FETCH', path: 'no-slash', expect: [] }],
    });
    let message = '';
    try {
      parseScenario('scenarios/broken.json', bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^scenarios\/broken\.json: invalid scenario/);
    expect(message).toMatch(/description/);
    expect(message).toMatch(/colour/);
    expect(message).toMatch(/sequence\.0\.method/);
    expect(message).toMatch(/sequence\.0\.path/);
    expect(message).toMatch(/sequence\.0\.expect/);
  });

  it('catches unknown variables and saved names used before they are saved', () => {
    const text = JSON.stringify({
      name: 'refs',
      description: 'd',
      sequence: [
        { name: 'a', method: 'GET', path: '/catalog/products/{nope}', expect: [200] },
        {
          name: 'b',
          method: 'DELETE',
          path: '/catalog/products/{later.id}',
          expect: [204],
          save: 'later',
        },
      ],
    });
    expect(() => parseScenario('refs.json', text)).toThrow(
      /"\{nope\}" is not a declared variable[\s\S]*"later", which no earlier step saves/,
    );
  });

  it('requires the name to match the file name', () => {
    const text = JSON.stringify({
      name: 'other',
      description: 'd',
      sequence: [{ name: 'a', method: 'GET', path: '/json', expect: [200] }],
    });
    expect(() => parseScenario('dir/json.json', text)).toThrow(/name: expected "json"/);
  });

  it('says when the file is not JSON', () => {
    expect(() => parseScenario('x.json', '{nope')).toThrow(/x\.json: not valid JSON/);
  });
});
