/**
 * `stackbench drivers` for real: every driver one after the other against node-http
 * /json, each one's ceiling stored in calibration.driverCeilings for the reports.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackbench } from '../cli.js';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../runner/results/io.js';

describe('stackbench drivers', () => {
  it('measures every driver on the same server and stores the ceilings', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-drivers-'));
    const { code, stdout, stderr } = await stackbench([
      'drivers',
      '--duration',
      '1',
      '--warmup',
      '0',
      '--connections',
      '8',
      '--no-open-model',
      '--out',
      out,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/skipping/);
    const results = await readResults(join(out, 'results.json'));
    expect(results.status).toBe('completed');
    const ceilings = results.calibration.driverCeilings!;
    expect(ceilings.map((c) => c.driver)).toEqual([
      'autocannon',
      'wrk',
      'k6',
      'embedded',
      'autocannon-cli',
    ]);
    for (const c of ceilings) {
      expect(c).toMatchObject({ stack: 'node-http', scenario: 'json' });
      expect(c.rps).toBeGreaterThan(100);
      expect(c.generatorCpuPercent).toBeGreaterThan(0);
      expect(c.version).toMatch(/\d/);
      expect(c.latencyUs.p50).toBeLessThanOrEqual(c.latencyUs.p99);
      expect(c.latencyUs.p99).toBeLessThanOrEqual(c.latencyUs.max);
    }
  });

  it('steps an open-model driver up to its ceiling and says whose limit ended it', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-drivers-open-'));
    const { code, stdout } = await stackbench([
      'drivers',
      '--driver',
      'embedded',
      '--duration',
      '1',
      '--warmup',
      '0.5',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const [ceiling] = (await readResults(join(out, 'results.json'))).calibration.driverCeilings!;
    const open = ceiling!.openModel!;
    // From half the closed-model rate, ×1.2 a step (÷1.2 when the first step already fails).
    expect(open.steps[0]!.rps).toBeCloseTo(ceiling!.rps / 2, -1);
    for (let i = 1; i < open.steps.length; i++) {
      const r = open.steps[i]!.rps / open.steps[i - 1]!.rps;
      expect(Math.min(Math.abs(r - 1.2), Math.abs(r - 1 / 1.2))).toBeLessThan(0.01);
    }
    const held = open.steps.filter((s) => s.ok).map((s) => s.rps);
    expect(open.heldRps).toBe(held.length === 0 ? 0 : Math.max(...held));
    expect(open.limit === 'none').toBe(open.steps.every((s) => s.ok));
    for (const s of open.steps.filter((x) => !x.ok)) expect(s.reason).toMatch(/\w/);
    expect(stdout).toMatch(/open-model ceiling: (above )?\d+ req\/s/);
  });

  it('exits 2 naming an unknown driver', async () => {
    const { code, stderr } = await stackbench(['drivers', '--driver', 'jmeter']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--driver: expected one or more of autocannon, wrk, k6, embedded, autocannon-cli, got "jmeter"/,
    );
  });
});
