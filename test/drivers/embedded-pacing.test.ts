/**
 * Open-model pacing against a fixed clock: what is due when, how late each send is, what is
 * dropped, and latency counted from the intended send time (never from the late actual one).
 */
import { describe, expect, it } from 'vitest';
import {
  behindAfter,
  dispatchDue,
  intendedUs,
  latencyFromIntendedUs,
  pace,
} from '../../runner/drivers/embedded/pacing.js';

describe('pace', () => {
  it.each([
    // elapsed µs, already sent, rate/s → due now, wait µs
    [0, 0, 1000, 1, 0],
    [0, 1, 1000, 0, 1000],
    [999, 1, 1000, 0, 1],
    [1000, 1, 1000, 1, 0],
    [2500, 1, 1000, 2, 0],
    [2500, 3, 1000, 0, 500],
    [10_000, 0, 1000, 11, 0],
    [0, 1, 4, 0, 250_000],
    [100_000, 1, 4, 0, 150_000],
    [1_000_000, 1, 3, 3, 0],
    // More sent than due (a clock that went back): nothing due, wait for the next one.
    [0, 5, 1000, 0, 5000],
  ])('at %d µs with %d sent at %d/s: %d due, wait %d µs', (elapsed, sent, rate, due, wait) => {
    const decision = pace(elapsed, sent, rate);
    expect(decision.due).toBe(due);
    expect(decision.waitUs).toBeCloseTo(wait, 6);
  });

  it('spaces requests 1/rate apart whatever happened before', () => {
    expect(intendedUs(0, 250)).toBe(0);
    expect(intendedUs(1, 250)).toBe(4000);
    expect(intendedUs(1000, 250)).toBe(4_000_000);
    expect(intendedUs(1, 3)).toBeCloseTo(333_333.333, 2);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => pace(0, 0, 0)).toThrow(/rate: expected > 0/);
    expect(() => pace(0, 0, -5)).toThrow(/rate/);
  });
});

describe('dispatchDue', () => {
  it('sends on time when the clock ticks at every intended time', () => {
    const sentAt: number[] = [];
    let handled = 0;
    for (let t = 0; t <= 9000; t += 1000) {
      const r = dispatchDue(t, handled, 1000, 5000, (_i, intended) => {
        sentAt.push(intended);
        return true;
      });
      handled += r.handled;
      expect(r.dropped).toBe(0);
      expect(r.maxLateUs).toBe(0);
    }
    expect(sentAt).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
  });

  it('sends late ones too, and counts those beyond the tolerance as late', () => {
    const sent: number[] = [];
    // The sender wakes at 5 ms: requests due at 0..5 ms are 5..0 ms late; tolerance 2 ms, so
    // the three due at 0, 1 and 2 ms are late; every one is sent, none dropped.
    const r = dispatchDue(5000, 0, 1000, 2000, (index) => {
      sent.push(index);
      return true;
    });
    expect(r).toEqual({ handled: 6, sent: 6, dropped: 0, late: 3, maxLateUs: 5000 });
    expect(sent).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('counts as behind only the late sends of a wake-up that follows a late one', () => {
    // 1000 req/s, tolerance 2 ms. Wake-ups (ms) and what each finds due:
    //   1 on time; a 30-ms stall, then 31 (the backlog, late) and 32 on time: one stall;
    //   a sender falling behind: 40 (late), 44 and 48 (late again); 48.5: nothing due;
    //   52 (late again); then on time at 53.
    const wakes = [1, 31, 32, 40, 44, 48, 48.5, 52, 53];
    let handled = 0;
    let previousLate = false;
    const behind: number[] = [];
    for (const ms of wakes) {
      const done = dispatchDue(ms * 1000, handled, 1000, 2000, () => true);
      handled += done.handled;
      const step = behindAfter(done, previousLate);
      previousLate = step.late;
      behind.push(step.behind);
    }
    // Stall at 31: 27 late (due 2..28 ms), none behind. At 40: 5 late (33..37), the first of a
    // run. At 44 and 48: 1 late each (41, 45: over 2 ms). 52 follows 48 across an empty
    // wake-up: 1 late (49). 53: on time.
    expect(behind).toEqual([0, 0, 0, 0, 1, 1, 0, 1, 0]);
  });

  it('leaves the state alone at a wake-up with nothing due', () => {
    expect(behindAfter({ handled: 0, late: 0 }, true)).toEqual({ behind: 0, late: true });
    expect(behindAfter({ handled: 0, late: 0 }, false)).toEqual({ behind: 0, late: false });
    expect(behindAfter({ handled: 3, late: 2 }, true)).toEqual({ behind: 2, late: true });
    expect(behindAfter({ handled: 3, late: 0 }, true)).toEqual({ behind: 0, late: false });
  });

  it('drops what finds no free connection', () => {
    let free = 2;
    const r = dispatchDue(3000, 0, 1000, 10_000, () => free-- > 0);
    expect(r).toMatchObject({ handled: 4, sent: 2, dropped: 2 });
  });

  it('records latency from the intended time, so a late send cannot hide a stall', () => {
    // A 1 000/s schedule; the sender stalls 8 ms, then sends requests 1..8 at t = 8 ms; the
    // server answers each 100 µs after it is sent.
    const latencies: number[] = [];
    let handled = dispatchDue(0, 0, 1000, 20_000, () => true).handled;
    latencies.push(latencyFromIntendedUs(0, 100));
    const r = dispatchDue(8000, handled, 1000, 20_000, (_i, intended) => {
      latencies.push(latencyFromIntendedUs(intended, 8100));
      return true;
    });
    handled += r.handled;
    expect(handled).toBe(9);
    expect(r.maxLateUs).toBe(7000);
    expect(latencies).toEqual([100, 7100, 6100, 5100, 4100, 3100, 2100, 1100, 100]);
  });

  it('never records a latency below 1 µs', () => {
    expect(latencyFromIntendedUs(5000, 5000)).toBe(1);
    expect(latencyFromIntendedUs(5000, 4000)).toBe(1);
    expect(latencyFromIntendedUs(1000, 3499.6)).toBe(2500);
  });
});
