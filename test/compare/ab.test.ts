/**
 * ab for real: a test-only fixture server burning a fixed CPU time per request, run as two
 * "versions" interleaved round by round — a 25 % longer burn must be caught as a regression,
 * and the same burn on both sides must not be. Then `stackbench ab --base HEAD` end to end.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { abPlan, runAb, type Variant } from '../../runner/ab/run-ab.js';
import { autocannonDriver } from '../../runner/drivers/autocannon.js';
import { processIsolation } from '../../runner/isolation/process.js';
import { compiledFile } from '../../runner/paths.js';
import { blankResults } from '../fakes/results.js';
import { loadScenarios } from '../../runner/scenarios/load.js';

const scenarios = await loadScenarios();
const burner = (burnUs: number): Variant => ({
  entry: () => compiledFile('test/fixtures/burn-server.js'),
  env: { BURN_US: String(burnUs) },
});
const settings = {
  durationS: 1,
  warmupS: 0.3,
  connections: 8,
  timeoutS: 5,
  seed: 3,
  serverCpus: '1',
  loadCpus: '0',
};
const cells = [{ stack: 'burn', scenario: 'json', validation: 'zod' as const }];

const results = (rounds: number) => blankResults(abPlan(cells, rounds, 3), rounds);

const compare = { threshold: 0.05, alpha: 0.05, seed: 1, metrics: ['rps', 'cpu'] as const };
const deps = { driver: autocannonDriver, isolation: processIsolation, scenarios };

describe('ab with an injected slowdown (real servers, real load)', () => {
  it('interleaves both versions in every round', () => {
    const plan = abPlan(cells, 3, 3);
    for (const round of [1, 2, 3]) {
      expect(
        plan
          .filter((p) => p.round === round)
          .map((p) => p.stack)
          .sort(),
      ).toEqual(['burn@base', 'burn@head']);
    }
  });

  it('catches a 25 % longer CPU burn per request as a regression', async () => {
    const { comparison, results: done } = await runAb(
      deps,
      settings,
      results(7),
      { base: burner(400), head: burner(500) },
      compare,
    );
    expect(
      done.trials.every((t) =>
        ['valid', 'generator-bound', 'not-saturated', 'contended'].includes(t.state),
      ),
      JSON.stringify(done.trials.map((t) => [t.stack, t.state, t.reason])),
    ).toBe(true);
    const rps = comparison.rows.find((r) => r.metric === 'rps')!;
    const cpu = comparison.rows.find((r) => r.metric === 'cpu')!;
    // CPU time per request is what a shared runner cannot blur: it must catch the slowdown.
    expect(cpu.verdict, JSON.stringify(cpu)).toBe('regression');
    expect(cpu.ratio).toBeGreaterThan(1.1);
    // Throughput may be too noisy to call on a busy machine, but never an improvement.
    expect(['regression', 'too noisy']).toContain(rps.verdict);
    expect(comparison.regressions).toBeGreaterThanOrEqual(1);
  }, 120_000);

  it('finds no regression when both sides are the same version', async () => {
    const { comparison } = await runAb(
      deps,
      settings,
      results(5),
      { base: burner(400), head: burner(400) },
      compare,
    );
    expect(comparison.regressions).toBe(0);
  }, 120_000);
});

describe('stackbench ab --base HEAD (CLI, git worktree)', () => {
  it('builds HEAD in a worktree, runs it against the working tree, and reports no regression', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-ab-'));
    const { code, stdout, stderr } = await new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>((resolve) => {
      execFile(
        process.execPath,
        [
          compiledFile('runner/cli.js'),
          'ab',
          '--base',
          'HEAD',
          '--stack',
          'node-http',
          '--scenario',
          'get-product',
          '--validation',
          'zod',
          '--rounds',
          '4',
          '--duration',
          '0.6',
          '--warmup',
          '0.2',
          '--out',
          out,
          '--format',
          'md',
        ],
        { timeout: 170_000, env: { ...process.env, CI: 'true' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
      );
    });
    expect(code, stderr + stdout).toBe(0);
    expect(stdout).toMatch(/base: HEAD \([0-9a-f]{12}\)/);
    expect(stdout).toMatch(/head: working tree/);
    expect(stdout).toMatch(/0 regression\(s\)/);
    expect(stdout).toMatch(/node-http · get-product · zod/);
  }, 180_000);
});
