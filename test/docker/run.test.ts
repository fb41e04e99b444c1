/**
 * `stackbench run --isolation docker` for real: the compiled CLI, servers in containers,
 * real load; valid results, the container-overhead calibration, and no container left
 * behind, after a normal run, after Ctrl-C, and (via the next run's cleanup) after a kill.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compiledFile } from '../../runner/paths.js';
import { ensureImage } from '../../runner/isolation/docker.js';
import { readResults } from '../../runner/results/io.js';
import { containersOf, requireDocker } from './docker-env.js';

const cli = compiledFile('runner/cli.js');
const tmp = () => mkdtemp(join(tmpdir(), 'sb-docker-'));

function stackbench(args: string[], timeoutMs = 600_000) {
  return new Promise<{ code: number; stdout: string; stderr: string; pid: number }>((resolve) => {
    const child = execFile(
      process.execPath,
      [cli, ...args],
      { timeout: timeoutMs, env: { ...process.env, CI: 'true' } },
      (error, stdout, stderr) =>
        resolve({
          code: error ? ((error as { code?: number }).code ?? -1) : 0,
          stdout,
          stderr,
          pid: child.pid!,
        }),
    );
  });
}

/** Starts a run in the background and waits until its first container is up. */
async function startRunWithContainer(out: string) {
  const child = spawn(
    process.execPath,
    [
      cli,
      'run',
      '--isolation',
      'docker',
      '--stack',
      'node-http',
      '--scenario',
      'json',
      '--validation',
      'zod',
      '--rounds',
      '5',
      '--duration',
      '2',
      '--warmup',
      '0.2',
      '--no-verify',
      '--out',
      out,
    ],
    { env: { ...process.env, CI: 'true' }, stdio: 'ignore' },
  );
  const deadline = Date.now() + 120_000;
  while (containersOf(child.pid!).length === 0) {
    if (Date.now() > deadline) throw new Error('no container started within 120 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exit };
}

beforeAll(async () => {
  await requireDocker();
  await ensureImage({ log: () => undefined });
}, 900_000);

describe('stackbench run --isolation docker', () => {
  it('measures stacks in containers, reports the container overhead, leaves nothing behind', async () => {
    const out = await tmp();
    const { code, stdout, stderr, pid } = await stackbench([
      'run',
      '--isolation',
      'docker',
      '--stack',
      'node-http,hono',
      '--scenario',
      'json',
      '--rounds',
      '1',
      '--duration',
      '0.5',
      '--warmup',
      '0.2',
      '--out',
      out,
    ]);
    expect([0, 5], `${stdout}\n${stderr}`).toContain(code);
    const results = await readResults(join(out, 'results.json'));
    expect(results.status).toBe('completed');
    expect(results.manifest.isolation).toBe('docker');
    expect(results.trials.length).toBe(results.plan.length);
    for (const t of results.trials) {
      expect(
        ['valid', 'generator-bound', 'not-saturated', 'contended'],
        `${t.id}: ${t.state} ${t.reason}`,
      ).toContain(t.state);
      expect(t.metrics!.rps).toBeGreaterThan(100);
      expect(t.metrics!.cpuUsPerRequest).toBeGreaterThan(1);
      expect(t.metrics!.rssPeakBytes).toBeGreaterThan(1024 * 1024);
    }
    const overhead = results.calibration.containerOverhead!;
    expect(overhead).toMatchObject({ stack: 'node-http', scenario: 'json', rounds: 3 });
    expect(overhead.process.rps).toBeGreaterThan(100);
    expect(overhead.container.rps).toBeGreaterThan(100);
    expect(overhead.container.cpuUsPerRequest).toBeGreaterThan(1);
    expect(Number.isFinite(overhead.rpsChangePercent)).toBe(true);
    expect(stdout).toMatch(/container vs process: req\/s [+-]\d/);
    expect(containersOf(pid)).toEqual([]);
  }, 600_000);

  it('on Ctrl-C stops and removes the container in flight', async () => {
    const { child, exit } = await startRunWithContainer(await tmp());
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(containersOf(child.pid!)).toEqual([]);
  }, 300_000);

  it('after a kill -9 the next run removes the orphaned container when it starts', async () => {
    const { child, exit } = await startRunWithContainer(await tmp());
    child.kill('SIGKILL');
    await exit;
    expect(containersOf(child.pid!).length).toBeGreaterThan(0);
    // --stack nope fails fast, after the isolation's cleanup ran.
    const next = await stackbench(['run', '--isolation', 'docker', '--stack', 'nope']);
    expect(next.code).toBe(2);
    expect(next.stderr).toMatch(/--stack/);
    expect(containersOf(child.pid!)).toEqual([]);
  }, 300_000);
});
