/**
 * The headline's cells, chosen once (shared/results/cells.ts) for the reports' first table and
 * the run's precision figure.
 */
import { describe, expect, it } from 'vitest';
import { headlineOf as reportHeadline, runViews } from '../../reports/runs.js';
import { precisionOf } from '../../runner/run/precision.js';
import type { Results } from '../../runner/results/schema.js';
import { headlineOf } from '../../shared/results/cells.js';
import { fixture, variant } from '../reports/fixture.js';

type Cells = [stack: string, scenario: string, validation: string][];

/** A file whose summary holds exactly `cells`, its manifest listing `manifest`. */
function file(manifest: string[], cells: Cells) {
  return {
    manifest: { scenarios: manifest.map((name) => ({ name, hash: 'x' })) },
    summary: cells.map(([stack, scenario, validation]) => ({ stack, scenario, validation })),
    trials: [],
  } as unknown as Pick<Results, 'manifest' | 'summary' | 'trials'>;
}

describe('headlineOf', () => {
  it.each<[string, string[], Cells, { scenario: string; validation: string } | undefined]>([
    [
      'json when measured, zod when it has it',
      ['get-product', 'json'],
      [
        ['node-http', 'get-product', 'zod'],
        ['node-http', 'json', 'off'],
        ['node-http', 'json', 'zod'],
      ],
      { scenario: 'json', validation: 'zod' },
    ],
    [
      'create-product (where validation runs) before json',
      ['json', 'get-product', 'create-product'],
      [
        ['node-http', 'json', 'zod'],
        ['node-http', 'get-product', 'zod'],
        ['node-http', 'create-product', 'off'],
        ['node-http', 'create-product', 'zod'],
      ],
      { scenario: 'create-product', validation: 'zod' },
    ],
    [
      'else the first scenario in manifest order, not file order',
      ['get-product', 'list-products'],
      [
        ['node-http', 'list-products', 'zod'],
        ['node-http', 'get-product', 'zod'],
      ],
      { scenario: 'get-product', validation: 'zod' },
    ],
    [
      'a manifest scenario without cells is passed over',
      ['json', 'create-product'],
      [['express', 'create-product', 'zod']],
      { scenario: 'create-product', validation: 'zod' },
    ],
    [
      'scenarios the manifest does not list come after, by name',
      ['b-listed'],
      [
        ['node-http', 'z-unlisted', 'zod'],
        ['node-http', 'a-unlisted', 'zod'],
      ],
      { scenario: 'a-unlisted', validation: 'zod' },
    ],
    [
      'without zod: off before native',
      ['get-product'],
      [
        ['fastify', 'get-product', 'native'],
        ['fastify', 'get-product', 'off'],
      ],
      { scenario: 'get-product', validation: 'off' },
    ],
    [
      'unknown modes after the known ones, by name',
      ['get-product'],
      [
        ['flask', 'get-product', 'marshmallow'],
        ['flask', 'get-product', 'attrs'],
      ],
      { scenario: 'get-product', validation: 'attrs' },
    ],
    ['no cells, no headline', ['json'], [], undefined],
  ])('%s', (_name, manifest, cells, expected) => {
    expect(headlineOf(file(manifest, cells))).toEqual(expected);
  });

  it('counts cells that have trials but no summary yet', () => {
    const r = variant((v) => {
      v.summary = [];
    });
    expect(headlineOf(r)).toEqual({ scenario: 'json', validation: 'zod' });
  });
});

describe('the report and the precision figure', () => {
  it.each([
    ['the fixture', fixture()],
    [
      'the fixture without json',
      variant((v) => {
        v.trials = v.trials.filter((t) => t.scenario !== 'json');
        v.summary = v.summary.filter((c) => c.scenario !== 'json');
      }),
    ],
    [
      'the fixture without zod',
      variant((v) => {
        v.trials = v.trials.filter((t) => t.validation !== 'zod');
        v.summary = v.summary.filter((c) => c.validation !== 'zod');
      }),
    ],
  ])('choose the same headline in %s', (_name, results) => {
    const report = reportHeadline(runViews([results])[0]!);
    const precision = precisionOf(results);
    expect(report).toBeDefined();
    expect(precision).toBeDefined();
    expect({ scenario: precision?.scenario, validation: precision?.validation }).toEqual(report);
  });
});
