import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTrials, splitVariants } from '../../runner/compare/compare.js';
import { manifestDifferences } from '../../runner/compare/manifest-diff.js';
import { comparisonMarkdown } from '../../runner/compare/render.js';
import { stackbench } from '../cli.js';
import { upgradeResults } from '../../runner/results/migrate.js';
import { Results, type Trial } from '../../runner/results/schema.js';
import { createRng } from '../../runner/stats/random.js';

const fixture = Results.parse(
  upgradeResults(JSON.parse(await readFile('test/fixtures/results-small.json', 'utf8'))),
);
const options = { threshold: 0.05, alpha: 0.05, seed: 1, metrics: ['rps', 'p99', 'cpu'] as const };

/** Trials of one cell with req/s drawn around `rps` (lognormal-ish noise of cv ≈ `cv`). */
function trials(stack: string, rps: number, n: number, cv: number, seed: number): Trial[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const noise = Math.exp(
      cv * Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng()),
    );
    const r = rps * noise;
    return {
      id: `${stack}-${i}`,
      round: i + 1,
      order: 1,
      stack,
      scenario: 'json',
      validation: 'zod',
      driver: 'test',
      startedAt: '2026-01-01T00:00:00.000Z',
      state: 'valid',
      flags: [],
      metrics: {
        requests: Math.round(r * 2),
        durationS: 2,
        rps: r,
        latencyUs: {
          p50: 1e6 / r,
          p90: 2e6 / r,
          p99: 3e6 / r,
          p999: 4e6 / r,
          max: 5e6 / r,
          mean: 1.1e6 / r,
        },
        cpuUsPerRequest: 1e6 / r,
        serverCpuPercent: 99,
        rssPeakBytes: 5e7,
        bytesPerSec: r * 100,
        errors: 0,
        timeouts: 0,
        statusCounts: { '200': Math.round(r * 2) },
        unexpectedStatuses: 0,
        generatorCpuPercent: 50,
      },
    } satisfies Trial;
  });
}

describe('compareTrials', () => {
  it('finds no regression when a results file is compared with itself', () => {
    const c = compareTrials(fixture.trials, fixture.trials, options);
    expect(c.rows.length).toBeGreaterThan(0);
    expect(c.regressions).toBe(0);
    expect(c.rows.every((r) => r.verdict !== 'improvement')).toBe(true);
    expect(c.unmatched).toEqual([]);
  });

  it('catches a 10 % slowdown in req/s, p99 and CPU per request', () => {
    const c = compareTrials(
      trials('x', 10_000, 12, 0.03, 1),
      trials('x', 9_000, 12, 0.03, 2),
      options,
    );
    expect(c.rows.map((r) => [r.metric, r.verdict])).toEqual([
      ['rps', 'regression'],
      ['p99', 'regression'],
      ['cpu', 'regression'],
    ]);
    expect(c.regressions).toBe(3);
  });

  it('names cells found on one side only instead of comparing them', () => {
    const c = compareTrials(trials('x', 1000, 5, 0.05, 1), trials('y', 1000, 5, 0.05, 2), options);
    expect(c.rows).toEqual([]);
    expect(c.unmatched).toEqual(['x/json/zod', 'y/json/zod']);
  });

  it('splits an ab run into its two versions', () => {
    const both = [
      ...trials('fastify@base', 1000, 3, 0.01, 1),
      ...trials('fastify@head', 900, 3, 0.01, 2),
    ];
    const { base, head } = splitVariants(both);
    expect(base.map((t) => t.stack)).toEqual(['fastify', 'fastify', 'fastify']);
    expect(head).toHaveLength(3);
  });

  it('renders markdown fit for a job summary', () => {
    const md = comparisonMarkdown(
      compareTrials(trials('x', 10_000, 12, 0.03, 1), trials('x', 9_000, 12, 0.03, 2), options),
      0.05,
    );
    expect(md).toMatch(/^## stackbench comparison/);
    expect(md).toMatch(/❌ 3 regression\(s\)/);
    expect(md).toMatch(/\| x · json · zod \| req\/s /);
    expect(md).toMatch(/−10\.\d %|−9\.\d %/);
  });
});

describe('manifestDifferences', () => {
  it('names every field that makes results incomparable', () => {
    const other = structuredClone(fixture.manifest);
    other.node = 'v99.0.0';
    other.host.cpuModel = 'Another CPU';
    other.driver.options = { ...other.driver.options, connections: 999 };
    other.scenarios = other.scenarios.map((s) => ({ ...s, hash: 'ffffffffffffffff' }));
    const diff = manifestDifferences(fixture.manifest, other);
    expect(diff.join('\n')).toMatch(/host\.cpuModel: .* → Another CPU/);
    expect(diff.join('\n')).toMatch(/node: .* → v99\.0\.0/);
    expect(diff.join('\n')).toMatch(/driver\.options/);
    expect(diff.join('\n')).toMatch(/scenario \S+: file changed/);
    expect(manifestDifferences(fixture.manifest, fixture.manifest)).toEqual([]);
  });
});

describe('stackbench compare (CLI)', () => {
  it('exits 0 comparing a file with itself, 6 on mismatched manifests, and --force overrides', async () => {
    const same = await stackbench([
      'compare',
      'test/fixtures/results-small.json',
      'test/fixtures/results-small.json',
      '--format',
      'md',
    ]);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/0 regression\(s\)/);

    const dir = await mkdtemp(join(tmpdir(), 'sb-cmp-'));
    const other = structuredClone(fixture);
    other.manifest.node = 'v99.0.0';
    await writeFile(join(dir, 'other.json'), JSON.stringify(other));
    const mismatch = await stackbench([
      'compare',
      'test/fixtures/results-small.json',
      join(dir, 'other.json'),
    ]);
    expect(mismatch.code).toBe(6);
    expect(mismatch.stderr).toMatch(/node: .* → v99\.0\.0/);
    const forced = await stackbench([
      'compare',
      'test/fixtures/results-small.json',
      join(dir, 'other.json'),
      '--force',
      '--format',
      'json',
    ]);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout).regressions).toBe(0);

    const badFlag = await stackbench(['compare', 'a.json', 'b.json', '--threshold', 'lots']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toMatch(
      /--threshold: expected a percentage from 0\.1 to 100, got "lots"/,
    );
    const missing = await stackbench([
      'compare',
      join(dir, 'nope.json'),
      'test/fixtures/results-small.json',
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/nope\.json: cannot read: ENOENT/);
  });
});
