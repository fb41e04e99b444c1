/**
 * The k6 driver for real: k6 (installed by scripts/setup-k6.sh) against loopback servers,
 * short windows, lopsided bounds. Closed and open model, statuses and failed checks, dropped
 * iterations making a trial invalid, saved ids on a real stack, the script kept in a folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { k6Driver, k6Path, runK6WithThresholds } from '../../runner/drivers/k6.js';
import {
  driverJob as job,
  expectCreatesDeleted,
  expectLatencyOrder,
  expectTeapotCounted,
  scenarioNamed,
  useDriverTargets,
} from '../helpers/driver-harness.js';
import { checkCreateProduct, closedPort, probe } from './servers.js';

const targets = useDriverTargets(async () => {
  // CI installs k6 (scripts/setup-k6.sh): a missing k6 fails here, it is never skipped.
  expect(await k6Driver.unavailable()).toBeUndefined();
});

describe('k6 driver', () => {
  it('reports its version and manifest options for both models', async () => {
    expect(await k6Driver.version()).toMatch(/^v\d+\.\d+/);
    const base = job(targets.test.url, probe('/ok', [200]));
    expect(k6Driver.options(base)).toMatchObject({ model: 'closed', executor: 'constant-vus' });
    expect(k6Driver.options({ ...base, rate: 500 })).toMatchObject({
      model: 'open',
      executor: 'constant-arrival-rate',
      rate: 500,
    });
  });

  it('closed model: µs latency, statuses, its own CPU, window after warm-up', async () => {
    const events: string[] = [];
    const result = await k6Driver.run(
      { ...job(targets.test.url, probe('/sleep/2', [200])), warmupS: 1 },
      { onMeasureStart: () => events.push('measure') },
    );
    expect(events).toEqual(['measure']);
    expect(result.requests).toBeGreaterThan(100);
    expect(result.statusCounts).toEqual({ '200': result.requests });
    const l = result.latencyUs;
    expect(l.p50).toBeGreaterThanOrEqual(2000);
    expect(l.p50).toBeLessThan(200_000);
    expectLatencyOrder(l);
    // k6 keeps fractions of a millisecond: not whole-ms values.
    expect([l.p50, l.p90, l.mean].some((v) => v % 1000 !== 0)).toBe(true);
    expect(result.generatorCpuS).toBeGreaterThan(0);
    expect(result.generatorCpuS).toBeLessThan(result.durationS * result.generatorCores * 2);
    expect(result.errors).toBe(0);
    expect(result.dropped).toBe(0);
  });

  it('open model: sends the rate asked for, whatever the latency', async () => {
    const result = await k6Driver.run({
      ...job(targets.test.url, probe('/sleep/20', [200])),
      rate: 200,
    });
    // 200 req/s for 1 s, although 4 "connections" at 20 ms could only do 200 in a closed model.
    expect(result.requests).toBeGreaterThan(150);
    expect(result.requests).toBeLessThan(260);
    expect(result.latencyUs.p50).toBeGreaterThanOrEqual(20_000);
    expect(result.dropped).toBe(0);
    expect(result.errors).toBe(0);
  });

  it('counts a 418 as unexpected and fails its check', async () => {
    const scenario = probe('/teapot', [200]);
    const result = await runK6WithThresholds(job(targets.test.url, scenario), {});
    expectTeapotCounted(result, scenario);
    expect(result.numbers.checksFailed).toBe(result.statusCounts['418']);
    expect(result.numbers.failedThresholds).toContain('checks{scenario:measure}: rate==1');
  });

  it('open model beyond what its VUs can carry: dropped iterations make the trial invalid', async () => {
    // 400 req/s on a server that takes 2 s per request needs ~800 VUs in flight; the pool
    // for 400 req/s is far smaller, so k6 drops iterations.
    const result = await k6Driver.run({
      ...job(targets.test.url, probe('/sleep/2000', [200])),
      rate: 400,
      timeoutS: 10,
    });
    expect(result.dropped).toBeGreaterThan(50);
    // Reported on their own (validity turns them into an invalid trial), not as socket errors.
    expect(result.errors).toBeLessThan(result.dropped!);
  });

  it('applies SLO thresholds to the measured window', async () => {
    const result = await runK6WithThresholds(
      { ...job(targets.test.url, probe('/sleep/5', [200])), rate: 50 },
      { http_req_duration: ['p(99)<1'] },
    );
    expect(result.numbers.failedThresholds).toContain(
      'http_req_duration{scenario:measure}: p(99)<1',
    );
  });

  it('creates and deletes the created ids on a real stack, keeping its script', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-k6-'));
    const scenario = await scenarioNamed('create-product');
    const result = await k6Driver.run({ ...job(targets.stack.url, scenario, 4), scriptDir: dir });
    expectCreatesDeleted(result, scenario, { atLeast: 20, slack: 4 });
    const files = await readdir(join(dir, 'k6'));
    expect(files).toEqual(['create-product-4vus.k6.js']);
    const script = await readFile(join(dir, 'k6', files[0]!), 'utf8');
    expect(script).toContain('/catalog/products/${field(saved, "created", "id")}');
    // k6 itself accepts the script and reads back the options stackbench meant.
    const k6 = (await k6Path())!;
    const inspected = JSON.parse(
      execFileSync(k6, ['inspect', '--execution-requirements', join(dir, 'k6', files[0]!)], {
        encoding: 'utf8',
      }),
    ) as { scenarios: Record<string, { executor: string; vus: number }> };
    expect(inspected.scenarios.measure).toMatchObject({ executor: 'constant-vus', vus: 4 });
  });

  it('sends the bodies render.ts would build and deletes only ids it created', async () => {
    const scenario = await scenarioNamed('create-product');
    const result = await k6Driver.run({ ...job(targets.test.url, scenario, 4), seed: 7 });
    expect(targets.test.created.size).toBeGreaterThan(20);
    expect(targets.test.deleted.length).toBeGreaterThan(20);
    checkCreateProduct(targets.test);
    expect(result.statusCounts['201']).toBeGreaterThan(20);
  });

  it('counts socket errors against a port nobody listens on', async () => {
    const port = await closedPort();
    const result = await k6Driver.run(job(`http://127.0.0.1:${port}`, probe('/', [200])));
    expect(result.requests).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
  });
});
