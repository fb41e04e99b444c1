/**
 * `stackbench run` for real: the compiled CLI, real servers, the default (embedded) load driver, short windows.
 * Then Ctrl-C mid-run (no orphan process, finished trials kept) and --resume.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../runner/results/io.js';
import { CLI, stackbench } from '../cli.js';

const cli = CLI;

/** Live processes a given stackbench process started as servers (each carries its pid). */
function serversOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (env.includes(`STACKBENCH_PARENT_PID=${pid}`)) found.push(Number(entry));
    } catch {
      // gone already, or not readable
    }
  }
  return found;
}

const tmp = () => mkdtemp(join(tmpdir(), 'sb-e2e-'));

describe('stackbench run (real servers, real load)', () => {
  it('measures two stacks in interleaved rounds and writes a valid results.json', async () => {
    const out = await tmp();
    const { code, stdout, pid } = await stackbench([
      'run',
      '--stack',
      'node-http,fastify',
      '--scenario',
      'json,get-product',
      '--validation',
      'zod',
      '--rounds',
      '2',
      '--duration',
      '0.6',
      '--warmup',
      '0.2',
      '--connections',
      '8',
      '--out',
      out,
    ]);
    expect([0, 5]).toContain(code);
    const results = await readResults(join(out, 'results.json'));
    expect(results.status).toBe('completed');
    expect(results.plan).toHaveLength(8);
    expect(results.trials).toHaveLength(8);
    for (const t of results.trials) {
      expect(t.metrics, `${t.id}: ${t.state} ${t.reason}`).toBeDefined();
      expect(t.metrics!.rps).toBeGreaterThan(100);
      expect(t.metrics!.cpuUsPerRequest).toBeGreaterThan(1);
      expect(t.metrics!.latencyUs.p50).toBeGreaterThan(0);
    }
    expect(
      results.trials.filter((t) =>
        ['valid', 'generator-bound', 'not-saturated', 'contended'].includes(t.state),
      ).length,
    ).toBeGreaterThanOrEqual(6);
    expect(results.summary).toHaveLength(4);
    expect(results.calibration.generatorCeiling?.rps).toBeGreaterThan(1000);
    expect(results.manifest.cpus).toEqual({ server: '1', load: '0' });
    expect(results.manifest.frameworks.fastify).toMatch(/^5\./);
    expect(results.manifest.frameworks.hono).toMatch(/^4\./);
    expect(results.manifest.frameworks['@hono/node-server']).toMatch(/^\d+\./);
    // The terminal table is the report's scenario tables.
    expect(stdout).toMatch(/Throughput \(req\/s, 95 % CI\)/);
    // What reports read from the file (schema version 2).
    expect(results.validityRules.generatorBoundPercent).toBeGreaterThan(0);
    expect(results.stacks.map((s) => s.name)).toContain('fastify');
    // Reports are written beside the results by default.
    const { readdir } = await import('node:fs/promises');
    const files = await readdir(out);
    for (const f of [
      'report.md',
      'report.html',
      'trials.csv',
      'summary.csv',
      'throughput-json.png',
      'throughput-json.svg',
    ]) {
      expect(files).toContain(f);
    }
    expect(await readFile(join(out, 'report.md'), 'utf8')).toMatch(/Fastify 5/);
    expect(serversOf(pid)).toEqual([]);
  }, 180_000);

  it('on Ctrl-C keeps finished trials, leaves no server behind, and --resume finishes the run', async () => {
    const out = await tmp();
    const child = spawn(
      process.execPath,
      [
        cli,
        'run',
        '--stack',
        'node-http,hono',
        '--scenario',
        'get-product',
        '--validation',
        'zod,off',
        '--rounds',
        '3',
        '--duration',
        '0.5',
        '--warmup',
        '0',
        '--connections',
        '4',
        '--no-verify',
        '--out',
        out,
      ],
      { env: { ...process.env, CI: 'true' }, stdio: 'ignore' },
    );
    const file = join(out, 'results.json');
    // Wait until at least two trials are on disk, then interrupt mid-run.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const text = await readFile(file, 'utf8').catch(() => '');
      if (text !== '' && (JSON.parse(text) as { trials: unknown[] }).trials.length >= 2) break;
      if (Date.now() > deadline) throw new Error('no trial finished within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(serversOf(child.pid)).toEqual([]);
    const partial = await readResults(file);
    expect(partial.status).toBe('interrupted');
    expect(partial.trials.length).toBeGreaterThanOrEqual(2);
    expect(partial.trials.length).toBeLessThan(12);
    // The exact settings are stored for --resume, not only the descriptive manifest.
    expect(partial.settings).toMatchObject({
      driver: 'embedded',
      isolation: 'process',
      durationS: 0.5,
      warmupS: 0,
      connections: 4,
      timeoutS: 10,
      seed: 1,
    });

    const resumed = await stackbench(['run', '--resume', out]);
    expect(resumed.stdout).toMatch(/Resuming/);
    const done = await readResults(file);
    expect(done.status).toBe('completed');
    expect(done.trials).toHaveLength(12);
    expect(done.settings).toEqual(partial.settings);
    expect(done.trials.slice(0, partial.trials.length).map((t) => t.id)).toEqual(
      partial.trials.map((t) => t.id),
    );
    expect(serversOf(resumed.pid)).toEqual([]);
  }, 240_000);

  it('refuses bad input with a message naming the field, and the documented exit codes', async () => {
    const bad = await stackbench(['run', '--connections', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--connections: expected an integer from 1 to 10000, got "lots"/);

    const unknown = await stackbench(['run', '--colour', 'red']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--colour'/);

    const dir = await tmp();
    await writeFile(join(dir, 'results.json'), JSON.stringify({ schemaVersion: 1, runId: 5 }));
    const broken = await stackbench(['run', '--resume', dir]);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/runId: .*expected string/);
  });
});
