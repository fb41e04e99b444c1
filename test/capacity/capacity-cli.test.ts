/**
 * `stackbench capacity` for real: the compiled CLI, a real node-http server, real k6 in the
 * open model, short steps and a loose SLO so a noisy machine still holds it.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackbench } from '../cli.js';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../runner/results/io.js';

describe('stackbench capacity', () => {
  it('steps the open-model rate and stores the curve and a sustainable rate (k6)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-capacity-'));
    const { code, stdout, stderr } = await stackbench([
      'capacity',
      '--driver',
      'k6',
      '--slo',
      'p99<2s',
      '--stack',
      'node-http',
      '--start-rate',
      '100',
      '--growth',
      '2',
      '--max-rate',
      '400',
      '--step-duration',
      '1',
      '--warmup',
      '0',
      '--out',
      out,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // eslint-disable-next-line no-control-regex
    const plain = stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/node-http: \d+ req\/s sustainable under p99<2s/);
    const results = await readResults(join(out, 'results.json'));
    expect(results.status).toBe('completed');
    const [entry] = results.capacity!;
    expect(entry).toMatchObject({
      stack: 'node-http',
      scenario: 'json',
      driver: 'k6',
      slo: 'p99<2s',
    });
    expect(entry!.steps.map((s) => s.targetRps)).toEqual([100, 200, 400]);
    expect(entry!.sustainableRps).toBeGreaterThanOrEqual(100);
    for (const step of entry!.steps) {
      expect(step.achievedRps).toBeGreaterThan(step.targetRps * 0.5);
      expect(step.latencyUs.p50).toBeLessThanOrEqual(step.latencyUs.p99);
    }
    // The k6 scripts it ran are kept in the run folder, one per rate.
    expect(await readdir(join(out, 'k6'))).toContain('json-400rps.k6.js');
  });

  it('runs fixed fractions of the probed closed-model peak', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-capacity-'));
    const { code, stdout } = await stackbench([
      'capacity',
      '--slo',
      'p99<5s',
      '--error-budget',
      '100',
      '--stack',
      'hono',
      '--fractions',
      '0.1,0.2',
      '--probe-duration',
      '1',
      '--step-duration',
      '1',
      '--warmup',
      '0',
      '--connections',
      '8',
      '--out',
      out,
    ]);
    expect(code, stdout).toBe(0);
    const peak = Number(/peak (\d+) req\/s/.exec(stdout)?.[1]);
    expect(peak).toBeGreaterThan(100);
    const [entry] = (await readResults(join(out, 'results.json'))).capacity!;
    const targets = entry!.steps.map((s) => s.targetRps);
    expect(targets).toHaveLength(2);
    expect(targets[0]).toBeCloseTo(peak * 0.1, -1);
    expect(targets[1]).toBeCloseTo(peak * 0.2, -1);
  });

  it('uses the embedded open-model driver by default (no k6 needed)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-capacity-'));
    const { code, stdout } = await stackbench([
      'capacity',
      '--slo',
      'p99<2s',
      '--stack',
      'node-http',
      '--start-rate',
      '200',
      '--growth',
      '2',
      '--max-rate',
      '400',
      '--step-duration',
      '1',
      '--warmup',
      '0',
      '--out',
      out,
    ]);
    expect(code, stdout).toBe(0);
    const [entry] = (await readResults(join(out, 'results.json'))).capacity!;
    expect(entry!.driver).toBe('embedded');
    // From 200 up to 400 at most; a step the noisy host fails (its reason says why) is bisected,
    // so the search asserts its shape, not that this host held every step.
    const steps = entry!.steps;
    const why = JSON.stringify(steps.map((s) => [s.targetRps, s.ok, s.reason ?? '']));
    expect(steps[0]!.targetRps, why).toBe(200);
    expect(Math.max(...steps.map((s) => s.targetRps)), why).toBeLessThanOrEqual(400);
    expect(
      steps.every((s) => s.ok || (s.reason ?? '') !== ''),
      why,
    ).toBe(true);
    const held = steps.filter((s) => s.ok);
    expect(held.length, why).toBeGreaterThan(0);
    expect(entry!.sustainableRps, why).toBe(Math.max(...held.map((s) => s.targetRps)));
    for (const s of held) expect(s.achievedRps, why).toBeGreaterThan(0.9 * s.targetRps);
  });

  it('refuses a bad SLO with a usage error naming the flag', async () => {
    const { code, stderr } = await stackbench(['capacity', '--slo', 'p99>50ms']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--slo: "p99>50ms"/);
  });
});
