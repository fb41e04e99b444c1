/**
 * The wrk driver for real: Debian's wrk against loopback servers, short windows, lopsided
 * bounds. Microsecond latency, every status counted (a 418 is unexpected), saved responses
 * (create → delete the created id) on a real stack, socket errors, its own CPU.
 */
import { describe, expect, it } from 'vitest';
import { wrkDriver, parseTimes } from '../../runner/drivers/wrk.js';
import { processIsolation } from '../../runner/isolation/process.js';
import { checkCapabilities } from '../../runner/run/session.js';
import {
  driverJob as job,
  expectCreatesDeleted,
  expectLatencyOrder,
  expectMixedRatio,
  expectTeapotCounted,
  scenarioNamed,
  useDriverTargets,
} from '../helpers/driver-harness.js';
import { checkCreateProduct, closedPort, probe } from './servers.js';

const targets = useDriverTargets(async () => {
  // CI installs wrk (scripts/setup-wrk.sh): a missing wrk fails here, it is never skipped.
  expect(await wrkDriver.unavailable()).toBeUndefined();
});

describe('wrk driver', () => {
  it('reports its version and manifest options', async () => {
    expect(await wrkDriver.version()).toMatch(/\d+\.\d+/);
    expect(
      wrkDriver.options({ ...job(targets.test.url, probe('/ok', [200])), cpus: '0' }),
    ).toMatchObject({
      model: 'closed',
      threads: 1,
      connections: 4,
    });
  });

  it('measures µs latency, statuses and its own CPU, and starts the window after warm-up', async () => {
    const events: string[] = [];
    const result = await wrkDriver.run(
      { ...job(targets.test.url, probe('/sleep/2', [200])), warmupS: 1 },
      { onMeasureStart: () => events.push('measure') },
    );
    expect(events).toEqual(['measure']);
    expect(result.requests).toBeGreaterThan(100);
    expect(result.statusCounts).toEqual({ '200': result.requests });
    // Every request waits ≥ 2 ms on the server: latencies are µs values above 2 000.
    expect(result.latencyUs.p50).toBeGreaterThanOrEqual(2000);
    expect(result.latencyUs.p50).toBeLessThan(200_000);
    expectLatencyOrder(result.latencyUs);
    expect(result.durationS).toBeGreaterThan(0.9);
    expect(result.durationS).toBeLessThan(3);
    expect(result.generatorCpuS).toBeGreaterThan(0);
    expect(result.generatorCpuS).toBeLessThan(result.durationS * result.generatorCores * 1.5);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.bytes).toBeGreaterThan(result.requests * 20);
  });

  it('counts a 418 the scenario does not expect', async () => {
    const scenario = probe('/teapot', [200]);
    const result = await wrkDriver.run(job(targets.test.url, scenario));
    expectTeapotCounted(result, scenario);
  });

  it('deletes every product it creates on a real stack (saved ids)', async () => {
    const scenario = await scenarioNamed('create-product');
    const result = await wrkDriver.run({ ...job(targets.stack.url, scenario, 8), cpus: '0' });
    // Each connection may be one step behind when the window closes.
    expectCreatesDeleted(result, scenario, { atLeast: 50, slack: 8 });
  });

  it('runs the mixed scenario with its ratio of reads, creates and deletes', async () => {
    const scenario = await scenarioNamed('mixed');
    const result = await wrkDriver.run(job(targets.stack.url, scenario, 4));
    expectMixedRatio(result, scenario);
  });

  it('sends the bodies render.ts would build and deletes only ids it created', async () => {
    const scenario = await scenarioNamed('create-product');
    const result = await wrkDriver.run({ ...job(targets.test.url, scenario, 4), seed: 7 });
    expect(targets.test.created.size).toBeGreaterThan(20);
    expect(targets.test.deleted.length).toBeGreaterThan(20);
    checkCreateProduct(targets.test);
    expect(result.statusCounts['201']).toBeGreaterThan(20);
  });

  it('counts socket errors against a port nobody listens on', async () => {
    const port = await closedPort();
    const result = await wrkDriver.run(job(`http://127.0.0.1:${port}`, probe('/', [200])));
    expect(result.requests).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
  });

  it('declares neither the open model nor pipelining, so the session refuses both', () => {
    expect(wrkDriver.capabilities).toMatchObject({ openModel: false, pipelining: false });
    expect(() => checkCapabilities(wrkDriver, processIsolation, { openModel: '--rate' })).toThrow(
      /--rate needs a driver with the open model; --driver wrk has none/,
    );
    expect(() =>
      checkCapabilities(wrkDriver, processIsolation, {
        pipelining: { depth: 4, by: '--pipelining' },
      }),
    ).toThrow(/--driver wrk cannot pipeline/);
  });
});

describe('parseTimes', () => {
  it.each([
    ['0m0.001s 0m0.002s\n0m1.250s 0m0.500s\n', 1.75],
    ['noise\n0m0.000s 0m0.000s\n1m2.000s 0m0.500s', 62.5],
    ['nothing', undefined],
  ])('%j → %s', (text, expected) => {
    expect(parseTimes(text)).toBe(expected);
  });
});
