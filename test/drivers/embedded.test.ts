/**
 * The embedded driver for real: its worker processes against loopback servers, short windows,
 * lopsided bounds. Closed model (µs latency, statuses, saved ids, socket errors, timeouts,
 * synchronised windows), several workers (counts add up, one worker and two agree), and the
 * open model (on schedule, dropped sends, and a stalling server whose stall the closed model
 * hides from its p99 and the open model shows).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createEmbeddedDriver, embeddedDriver } from '../../runner/drivers/embedded.js';
import {
  driverJob as job,
  expectCreatesDeleted,
  expectLatencyOrder,
  expectMixedRatio,
  expectTeapotCounted,
  scenarioNamed,
  useDriverTargets,
} from '../helpers/driver-harness.js';
import { DEFAULT_RULES, lateSendProblem } from '../../runner/run/validity.js';
import { checkCreateProduct, closedPort, probe, startStallingServer } from './servers.js';

const targets = useDriverTargets();

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);

/** The pids of this process's embedded generator workers. */
function workerPids(): number[] {
  const out = execFileSync('pgrep', ['-P', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('embedded/worker.js');
      } catch {
        return false;
      }
    });
}

/** Freezes the workers for `stopMs`, then lets them run for `runMs`, `times` times. */
async function freeze(stopMs: number, runMs: number, times: number): Promise<void> {
  const pids = workerPids();
  expect(pids.length).toBeGreaterThan(0);
  for (let i = 0; i < times; i++) {
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    await sleep(stopMs);
    for (const pid of pids) process.kill(pid, 'SIGCONT');
    await sleep(runMs);
  }
}

describe('embedded driver, closed model', () => {
  it('declares what it can do and reports its manifest options', async () => {
    expect(embeddedDriver.capabilities).toMatchObject({
      openModel: true,
      windows: true,
      multiCore: true,
      latencyResolutionUs: 1,
    });
    expect(await embeddedDriver.version()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await embeddedDriver.unavailable()).toBeUndefined();
    expect(
      embeddedDriver.options({ ...job(targets.test.url, probe('/ok', [200])), cpus: '0' }),
    ).toMatchObject({
      model: 'closed',
      workers: 1,
      connections: 4,
    });
    expect(
      embeddedDriver.options({ ...job(targets.test.url, probe('/ok', [200])), rate: 100 }),
    ).toMatchObject({ model: 'open', rate: 100 });
  });

  it('measures µs latency, statuses and its own CPU, and starts the window after warm-up', async () => {
    const events: string[] = [];
    const result = await embeddedDriver.run(
      { ...job(targets.test.url, probe('/sleep/2', [200])), warmupS: 1, cpus: '0' },
      { onMeasureStart: () => events.push('measure'), onWindowEnd: (i) => events.push(`end ${i}`) },
    );
    expect(events).toEqual(['measure', 'end 0']);
    expect(result.requests).toBeGreaterThan(100);
    expect(result.statusCounts).toEqual({ '200': result.requests });
    // Every request waits ≥ 2 ms on the server: latencies are µs values above 2 000.
    expect(result.latencyUs.p50).toBeGreaterThanOrEqual(2000);
    expect(result.latencyUs.p50).toBeLessThan(200_000);
    expectLatencyOrder(result.latencyUs);
    expect(result.durationS).toBeGreaterThan(0.9);
    expect(result.durationS).toBeLessThan(1.2);
    expect(result.generatorCores).toBe(1);
    expect(result.generatorCpuS).toBeGreaterThan(0);
    expect(result.generatorCpuS).toBeLessThan(result.durationS * 1.5);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
    expect(result.bytes).toBeGreaterThan(result.requests * 20);
    expect(result.windows).toBeUndefined();
  });

  it('measures consecutive windows, signalled in order, whose sums are the totals', async () => {
    const events: string[] = [];
    const started = Date.now();
    const result = await embeddedDriver.run(
      { ...job(targets.test.url, probe('/ok', [200])), warmupS: 0.5, durationS: 0.5, windows: 3 },
      {
        onMeasureStart: () => events.push(`measure ${Date.now() - started}`),
        onWindowEnd: (i) => events.push(`end ${i} ${Date.now() - started}`),
      },
    );
    expect(events.map((e) => e.replace(/ \d+$/, ''))).toEqual([
      'measure',
      'end 0',
      'end 1',
      'end 2',
    ]);
    // Boundaries 0.5 s apart: lopsided bounds for a host that pauses a process for 100s of
    // ms, still far from "all at once" (0) or "one window of the whole run" (1.5 s).
    const times = events.map((e) => Number(e.split(' ').at(-1)));
    for (let i = 1; i < times.length; i++) {
      expect(times[i]! - times[i - 1]!).toBeGreaterThan(250);
      expect(times[i]! - times[i - 1]!).toBeLessThan(1200);
    }
    const windows = result.windows!;
    expect(windows).toHaveLength(3);
    for (const w of windows) {
      expect(w.requests).toBeGreaterThan(50);
      expect(w.durationS).toBeGreaterThan(0.3);
      expect(w.durationS).toBeLessThan(1.2);
      expectLatencyOrder(w.latencyUs);
    }
    expect(result.requests).toBe(sum(windows.map((w) => w.requests)));
    expect(result.bytes).toBe(sum(windows.map((w) => w.bytes)));
    expect(result.statusCounts['200']).toBe(sum(windows.map((w) => w.statusCounts['200'] ?? 0)));
    expect(result.generatorCpuS).toBeCloseTo(sum(windows.map((w) => w.generatorCpuS)), 9);
    expect(result.durationS).toBeCloseTo(sum(windows.map((w) => w.durationS)), 9);
    expect(result.latencyUs.max).toBe(Math.max(...windows.map((w) => w.latencyUs.max)));
  });

  it('counts a 418 the scenario does not expect', async () => {
    const scenario = probe('/teapot', [200]);
    const result = await embeddedDriver.run(job(targets.test.url, scenario));
    expectTeapotCounted(result, scenario);
  });

  it('deletes every product it creates on a real stack (saved ids)', async () => {
    const scenario = await scenarioNamed('create-product');
    const result = await embeddedDriver.run({ ...job(targets.stack.url, scenario, 8), cpus: '0' });
    // Each connection may be one step behind when the window closes.
    expectCreatesDeleted(result, scenario, { atLeast: 50, slack: 8 });
  });

  it('runs the mixed scenario with its ratio of reads, creates and deletes', async () => {
    const scenario = await scenarioNamed('mixed');
    const result = await embeddedDriver.run(job(targets.stack.url, scenario, 4));
    expectMixedRatio(result, scenario);
  });

  it('sends the bodies render.ts would build, never repeating a sku across two workers', async () => {
    const scenario = await scenarioNamed('create-product');
    const twoWorkers = createEmbeddedDriver({ workers: 2 });
    const result = await twoWorkers.run({
      ...job(targets.test.url, scenario, 4),
      seed: 7,
      cpus: '0',
    });
    expect(result.generatorCores).toBe(2);
    expect(targets.test.created.size).toBeGreaterThan(20);
    expect(targets.test.deleted.length).toBeGreaterThan(20);
    checkCreateProduct(targets.test);
    expect(result.statusCounts['201']).toBeGreaterThan(20);
  });

  it('counts socket errors against a port nobody listens on', async () => {
    const port = await closedPort();
    const result = await embeddedDriver.run(job(`http://127.0.0.1:${port}`, probe('/', [200])));
    expect(result.requests).toBe(0);
    expect(result.errors).toBeGreaterThan(4);
  });

  it('counts a request with no answer within timeoutS as a timeout', async () => {
    const result = await embeddedDriver.run({
      ...job(targets.test.url, probe('/sleep/5000', [200]), 2),
      timeoutS: 0.3,
      durationS: 1.5,
    });
    expect(result.timeouts).toBeGreaterThanOrEqual(2);
    expect(result.requests).toBe(0);
  });

  it('pipelines fixed requests, and refuses to pipeline requests that need earlier answers', async () => {
    const result = await embeddedDriver.run({
      ...job(targets.test.url, probe('/ok', [200])),
      pipelining: 4,
    });
    expect(result.requests).toBeGreaterThan(100);
    expect(result.statusCounts).toEqual({ '200': result.requests });
    const scenario = await scenarioNamed('create-product');
    await expect(
      embeddedDriver.run({ ...job(targets.test.url, scenario), pipelining: 2 }),
    ).rejects.toThrow(/pipelining: 2 needs requests that do not depend/);
  });

  it('names the field of a bad job', async () => {
    await expect(
      embeddedDriver.run({ ...job(targets.test.url, probe('/ok', [200])), connections: 0 }),
    ).rejects.toThrow(/connections: expected an integer ≥ 1, got 0/);
    await expect(
      embeddedDriver.run({
        ...job(targets.test.url, probe('/ok', [200])),
        rate: 10,
        pipelining: 2,
      }),
    ).rejects.toThrow(/pipelining: expected 1 with a rate/);
  });

  it('two workers count every response once: statuses, windows and totals add up', async () => {
    const two = createEmbeddedDriver({ workers: 2 });
    const result = await two.run({
      ...job(targets.test.url, probe('/teapot', [200]), 8),
      durationS: 0.5,
      windows: 2,
      cpus: '0',
    });
    expect(result.generatorCores).toBe(2);
    expect(sum(Object.values(result.statusCounts))).toBe(result.requests);
    expect(result.requests).toBe(sum(result.windows!.map((w) => w.requests)));
    // /teapot answers 418 to every other request.
    expect(result.statusCounts['418']! / result.requests).toBeGreaterThan(0.4);
    expect(result.statusCounts['418']! / result.requests).toBeLessThan(0.6);
  });
});

describe('embedded driver, open model', () => {
  it('sends at the arrival rate, on schedule, with one worker or two', async () => {
    const totals: number[] = [];
    // The schedule, not the host: a send is dropped only when over 200 ms late (this 2-core
    // host deschedules a process for 10–50 ms when busy; the default tolerance is 10 ms).
    const patient = { toleranceUs: 200_000 };
    for (const driver of [
      createEmbeddedDriver(patient),
      createEmbeddedDriver({ ...patient, workers: 2 }),
    ]) {
      const result = await driver.run({
        ...job(targets.test.url, probe('/ok', [200]), 32),
        rate: 800,
        warmupS: 0.3,
        durationS: 2,
        cpus: '0',
      });
      expect(result.errors).toBe(0);
      // 1 600 requests are due in the window: each is answered or dropped (those at its edges
      // may land in the next one).
      expect(result.dropped).toBeLessThan(1600 * 0.03);
      expect(result.requests + result.dropped!).toBeGreaterThan(1600 * 0.97);
      expect(result.requests + result.dropped!).toBeLessThan(1600 * 1.03);
      expect(result.latencyUs.p50).toBeLessThan(20_000);
      totals.push(result.requests);
    }
    expect(Math.abs(totals[0]! - totals[1]!)).toBeLessThan(1600 * 0.03);
  });

  it('drops what it cannot send on time when the pool is exhausted, and says so', async () => {
    // 200/s to a server that answers in 500 ms needs ~100 connections; the pool holds 10.
    const result = await embeddedDriver.run({
      ...job(targets.test.url, probe('/sleep/500', [200]), 10),
      rate: 200,
      durationS: 1.5,
    });
    expect(result.dropped).toBeGreaterThan(150);
    expect(result.requests).toBeLessThan(50);
  });

  it('forgives one stall of the host, not a sender kept from its schedule', async () => {
    /** 2 s at 500 req/s, the workers frozen as `freeze` says from 300 ms into the window. */
    const runFrozen = async (stopMs: number, runMs: number, times: number) => {
      let frozen: Promise<void> | undefined;
      const result = await embeddedDriver.run(
        {
          ...job(targets.test.url, probe('/ok', [200]), 32),
          rate: 500,
          cpus: '0',
          warmupS: 0.2,
          durationS: 2,
        },
        {
          onMeasureStart: () => void (frozen = sleep(300).then(() => freeze(stopMs, runMs, times))),
        },
      );
      await frozen;
      return result;
    };
    // One 50-ms stall (what a VM pause does to the whole host): ~20 of 1 000 sends leave over
    // 10 ms late, all at the wake-up after it, and the next wake-up is on time. The old rule
    // (1 % late) failed such a window.
    const stall = await runFrozen(50, 0, 1);
    expect(stall.late!).toBeGreaterThan(10);
    expect(stall.lateBehind!).toBeLessThan(stall.late! / 3);
    expect(lateSendProblem(stall, DEFAULT_RULES)).toBeUndefined();
    // A sender kept off its CPU 15 ms of every 20 for 600 ms: late sends all along.
    const kept = await runFrozen(15, 5, 30);
    expect(kept.late!).toBeGreaterThan(60);
    expect(lateSendProblem(kept, DEFAULT_RULES)).toMatch(/left late/);
  });

  it('shows in its p99 the stall that a closed-model run hides from its p99', async () => {
    const stalling = await startStallingServer();
    try {
      const scenario = probe('/x', [200]);
      const closed = await embeddedDriver.run({
        ...job(stalling.url, scenario, 4),
        durationS: 3,
      });
      const open = await createEmbeddedDriver({ toleranceUs: 200_000 }).run({
        ...job(stalling.url, scenario, 400),
        rate: 500,
        durationS: 3,
      });
      // Closed: only the 4 requests in flight see each pause: far under 1 % of its requests.
      expect(closed.requests).toBeGreaterThan(2000);
      expect(closed.latencyUs.max).toBeGreaterThan(100_000);
      // Open: every request due during a pause waits for its end, ~20 % of them.
      expect(open.dropped).toBeLessThan(1500 * 0.03);
      expect(open.latencyUs.p99).toBeGreaterThan(120_000);
      expect(open.latencyUs.p90).toBeGreaterThan(20_000);
      expect(closed.latencyUs.p99 * 3).toBeLessThan(open.latencyUs.p99);
    } finally {
      await stalling.close();
    }
  });
});
