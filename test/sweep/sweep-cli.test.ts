/**
 * `stackbench sweep` for real: the compiled CLI, a real node-http server, autocannon over a few
 * connection counts; and the OS-limit refusal, which must come before any load.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../runner/results/io.js';
import { readOsLimits } from '../../runner/system/limits.js';
import { stackbench } from '../cli.js';

describe('stackbench sweep', () => {
  it('measures every level, stores per-level numbers and the knee, and writes its chart', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-sweep-'));
    const { code, stdout, stderr } = await stackbench([
      'sweep',
      '--stack',
      'node-http',
      '--connections',
      '1,16',
      '--rounds',
      '1',
      '--duration',
      '0.5',
      '--warmup',
      '0',
      '--no-verify',
      '--reports',
      'svg',
      '--out',
      out,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Knee: the last level before throughput gained < 10 %');
    const results = await readResults(join(out, 'results.json'));
    expect(results.status).toBe('completed');
    const sweep = results.sweep!;
    expect(sweep.model).toBe('closed');
    expect(sweep.summary.map((p) => p.level)).toEqual([1, 16]);
    for (const p of sweep.summary) {
      expect(p.measured).toBe(1);
      expect(p.rps!.estimate).toBeGreaterThan(0);
      expect(p.latencyUs!.p50.estimate).toBeLessThanOrEqual(p.latencyUs!.p99.estimate);
    }
    expect(sweep.knees).toHaveLength(1);
    expect(sweep.trials.map((t) => t.level).sort((a, b) => a - b)).toEqual([1, 16]);
    expect(await readdir(out)).toContain('sweep-json.svg');
  });

  it('refuses connection counts over the open-files limit before sending any load', async () => {
    const limits = await readOsLimits();
    const over = Math.min(limits.openFiles!.soft, 1_000_000) + 1;
    const { code, stdout, stderr } = await stackbench([
      'sweep',
      '--connections',
      `1,${over}`,
      '--out',
      await mkdtemp(join(tmpdir(), 'sb-sweep-')),
    ]);
    expect(code).toBe(2);
    expect(stderr).toContain(`--connections: ${over} connections need about`);
    expect(stderr).toContain('ulimit -n');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).not.toContain('Sweeping');
  });
});
