import { describe, expect, it } from 'vitest';
import { readResults } from '../../runner/results/io.js';
import { upgradeResults } from '../../runner/results/migrate.js';
import { Results } from '../../runner/results/schema.js';
import { FIXTURE_FILE, fixtureJson } from './fixture.js';

/** The fixture must stay a legal results file that holds every case the reports handle. */
describe('test/fixtures/results-small.json', () => {
  const results = Results.parse(upgradeResults(fixtureJson()));

  it('parses with the results schema (upgraded from version 1) and with readResults', async () => {
    expect((fixtureJson() as { schemaVersion: number }).schemaVersion).toBe(1);
    expect(Results.safeParse(upgradeResults(fixtureJson())).success).toBe(true);
    await expect(readResults(FIXTURE_FILE)).resolves.toEqual(results);
  });

  it('covers 4 stacks × 2 scenarios × 2 validation modes × 3 rounds', () => {
    const set = (pick: (t: Results['trials'][number]) => string | number) =>
      [...new Set(results.trials.map(pick))].sort();
    expect(set((t) => t.stack)).toEqual(['express', 'fastify', 'hono', 'node-http']);
    expect(set((t) => t.scenario)).toEqual(['get-product', 'json']);
    expect(set((t) => t.validation)).toEqual(['off', 'zod']);
    expect(set((t) => t.round)).toEqual([1, 2, 3]);
    expect(results.trials).toHaveLength(48);
    expect(results.plan).toHaveLength(48);
    expect(results.summary).toHaveLength(16);
  });

  it('holds one invalid trial, one crashed trial without metrics, a generator-bound cell and a noisy cell', () => {
    const invalid = results.trials.filter((t) => t.state === 'invalid');
    const crashed = results.trials.filter((t) => t.state === 'crashed');
    expect(invalid).toHaveLength(1);
    expect(crashed).toHaveLength(1);
    expect(crashed[0]?.metrics).toBeUndefined();
    expect(results.summary.filter((c) => c.flags.includes('generator-bound'))).toHaveLength(1);
    expect(results.summary.filter((c) => (c.rps?.cv ?? 0) > 0.1)).toHaveLength(1);
  });

  it("counts each cell's trials and valid trials", () => {
    for (const c of results.summary) {
      const trials = results.trials.filter(
        (t) => t.stack === c.stack && t.scenario === c.scenario && t.validation === c.validation,
      );
      expect(c.trials).toBe(trials.length);
      expect(c.valid).toBe(trials.filter((t) => t.state === 'valid').length);
    }
  });
});
