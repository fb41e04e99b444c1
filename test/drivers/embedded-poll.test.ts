/**
 * Busy polling (runner/drivers/embedded/poll.ts): the meter on fixed clocks, and the real
 * worker against a real loopback server — polling, its CPU is full while its work is not;
 * sleeping, neither is; and the open model, which keeps sleeping.
 */
import { describe, expect, it } from 'vitest';
import { embeddedDriver } from '../../runner/drivers/embedded.js';
import { PollMeter } from '../../runner/drivers/embedded/poll.js';
import { driverJob as job, useDriverTargets } from '../helpers/driver-harness.js';
import { probe } from './servers.js';

describe('PollMeter', () => {
  it('counts as work what is not an empty turn: turns × the shortest one is idle', () => {
    const meter = new PollMeter();
    // 1 s: 900 empty turns of 0.5 ms (450 ms), then 11 turns of 50 ms (550 ms of work).
    let t = 0;
    meter.turn(t);
    for (let i = 0; i < 900; i++) meter.turn((t += 0.5));
    for (let i = 0; i < 11; i++) meter.turn((t += 50));
    // idle = 911 turns × 0.5 ms = 455.5 ms; work = 1 000 − 455.5 = 544.5 ms.
    expect(meter.take(1)).toBeCloseTo(0.5445, 6);
  });

  it('starts each window afresh, and never reports more than the window or less than 0', () => {
    const meter = new PollMeter();
    meter.turn(0);
    meter.turn(1);
    meter.turn(2);
    expect(meter.take(0.001)).toBe(0);
    // No turn since the last window: all of it was work (the loop never came round).
    expect(meter.take(0.5)).toBe(0.5);
  });
});

const targets = useDriverTargets();

describe('embedded driver, polling', () => {
  it('declares polling and records it in its manifest options', () => {
    expect(embeddedDriver.capabilities.polling).toBe(true);
    const base = job(targets.test.url, probe('/ok', [200]));
    expect(embeddedDriver.options({ ...base, poll: true })).toMatchObject({ poll: true });
    expect(embeddedDriver.options(base)).toMatchObject({ poll: false });
  });

  it('keeps its CPU full while its work stays low against a slow server; sleeping, neither', async () => {
    // Every request waits 20 ms on the server: 4 connections make ~200 requests/s, next to
    // nothing for the generator.
    const slow = { ...job(targets.test.url, probe('/sleep/20', [200])), warmupS: 0.3, cpus: '0' };
    const polling = await embeddedDriver.run({ ...slow, poll: true });
    const sleeping = await embeddedDriver.run(slow);
    for (const r of [polling, sleeping]) {
      expect(r.requests).toBeGreaterThan(50);
      expect(r.statusCounts).toEqual({ '200': r.requests });
    }
    // Polling: the loop spins (its CPU near a full core), and its work is a small part of it.
    expect(polling.generatorCpuS / polling.durationS).toBeGreaterThan(0.7);
    expect(polling.generatorWorkS).toBeDefined();
    expect(polling.generatorWorkS! / polling.durationS).toBeLessThan(0.5);
    // Sleeping: no work figure, and its CPU is a small part of a core.
    expect(sleeping.generatorWorkS).toBeUndefined();
    expect(sleeping.generatorCpuS / sleeping.durationS).toBeLessThan(0.5);
  });

  it('polls in the closed model only: an open-model job sleeps between sends', async () => {
    const base = job(targets.test.url, probe('/ok', [200]), 32);
    const open = { ...base, rate: 100, warmupS: 0.2, cpus: '0', poll: true };
    expect(embeddedDriver.options(open)).toMatchObject({ model: 'open', poll: false });
    const result = await embeddedDriver.run(open);
    expect(result.requests).toBeGreaterThan(80);
    expect(result.generatorWorkS).toBeUndefined();
    // 100 requests/s: a sleeping generator uses a small part of its core.
    expect(result.generatorCpuS / result.durationS).toBeLessThan(0.5);
  });
});
