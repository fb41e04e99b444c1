/**
 * The wrk driver for real: Debian's wrk against loopback servers, short windows, lopsided
 * bounds. Microsecond latency, every status counted (a 418 is unexpected), saved responses
 * (create → delete the created id) on a real stack, socket errors, its own CPU.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrkDriver, parseTimes } from '../../runner/drivers/wrk.js';
import { processIsolation } from '../../runner/isolation/process.js';
import { checkCapabilities } from '../../runner/run/session.js';
import { countUnexpected } from '../../runner/run/validity.js';
import { expectedStatuses } from '../../runner/scenarios/render.js';
import { loadScenarios } from '../../runner/scenarios/load.js';
import { launchServer, type RunningServer } from '../../runner/servers/launch.js';
import {
  checkCreateProduct,
  closedPort,
  probe,
  startTestServer,
  type TestServer,
} from './servers.js';

let test: TestServer;
let stack: RunningServer;

beforeAll(async () => {
  // CI installs wrk (scripts/setup-wrk.sh): a missing wrk fails here, it is never skipped.
  expect(await wrkDriver.unavailable()).toBeUndefined();
  test = await startTestServer();
  stack = await launchServer({ stack: 'node-http', validation: 'zod' });
});
afterAll(async () => {
  await test?.close();
  await stack?.stop();
});

const job = (url: string, scenario: ReturnType<typeof probe>, connections = 4) => ({
  url,
  scenario,
  connections,
  pipelining: 1,
  warmupS: 0,
  durationS: 1,
  timeoutS: 5,
  seed: 1,
});

describe('wrk driver', () => {
  it('reports its version and manifest options', async () => {
    expect(await wrkDriver.version()).toMatch(/\d+\.\d+/);
    expect(wrkDriver.options({ ...job(test.url, probe('/ok', [200])), cpus: '0' })).toMatchObject({
      model: 'closed',
      threads: 1,
      connections: 4,
    });
  });

  it('measures µs latency, statuses and its own CPU, and starts the window after warm-up', async () => {
    const events: string[] = [];
    const result = await wrkDriver.run(
      { ...job(test.url, probe('/sleep/2', [200])), warmupS: 1 },
      { onMeasureStart: () => events.push('measure') },
    );
    expect(events).toEqual(['measure']);
    expect(result.requests).toBeGreaterThan(100);
    expect(result.statusCounts).toEqual({ '200': result.requests });
    // Every request waits ≥ 2 ms on the server: latencies are µs values above 2 000.
    const l = result.latencyUs;
    expect(l.p50).toBeGreaterThanOrEqual(2000);
    expect(l.p50).toBeLessThanOrEqual(l.p90);
    expect(l.p90).toBeLessThanOrEqual(l.p99);
    expect(l.p99).toBeLessThanOrEqual(l.p999);
    expect(l.p999).toBeLessThanOrEqual(l.max);
    expect(l.p50).toBeLessThan(200_000);
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
    const result = await wrkDriver.run(job(test.url, scenario));
    expect(result.statusCounts['418']).toBeGreaterThan(10);
    expect(result.statusCounts['200']).toBeGreaterThan(10);
    expect(result.statusCounts['200']! + result.statusCounts['418']!).toBe(result.requests);
    expect(countUnexpected(result.statusCounts, expectedStatuses(scenario.scenario))).toBe(
      result.statusCounts['418'],
    );
  });

  it('deletes every product it creates on a real stack (saved ids)', async () => {
    const scenario = (await loadScenarios()).get('create-product')!;
    const result = await wrkDriver.run({ ...job(stack.url, scenario, 8), cpus: '0' });
    const created = result.statusCounts['201'] ?? 0;
    const deleted = result.statusCounts['204'] ?? 0;
    expect(created).toBeGreaterThan(50);
    // Each connection may be one step behind when the window closes.
    expect(Math.abs(created - deleted)).toBeLessThanOrEqual(8);
    expect(countUnexpected(result.statusCounts, expectedStatuses(scenario.scenario))).toBe(0);
  });

  it('runs the mixed scenario with its ratio of reads, creates and deletes', async () => {
    const scenario = (await loadScenarios()).get('mixed')!;
    const result = await wrkDriver.run(job(stack.url, scenario, 4));
    const reads = result.statusCounts['200'] ?? 0;
    const creates = result.statusCounts['201'] ?? 0;
    expect(creates).toBeGreaterThan(10);
    // 8 reads per create in the sequence.
    expect(reads / creates).toBeGreaterThan(6);
    expect(reads / creates).toBeLessThan(10);
    expect(countUnexpected(result.statusCounts, expectedStatuses(scenario.scenario))).toBe(0);
  });

  it('sends the bodies render.ts would build and deletes only ids it created', async () => {
    const scenario = (await loadScenarios()).get('create-product')!;
    const result = await wrkDriver.run({ ...job(test.url, scenario, 4), seed: 7 });
    expect(test.created.size).toBeGreaterThan(20);
    expect(test.deleted.length).toBeGreaterThan(20);
    checkCreateProduct(test);
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
