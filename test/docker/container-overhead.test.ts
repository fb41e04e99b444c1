/** The container-overhead summary and round order, on fixed trials. */
import { describe, expect, it } from 'vitest';
import type { Trial } from '../../runner/results/schema.js';
import { overheadOrder, summarizeOverhead } from '../../runner/run/container-overhead.js';
import { ownerGone, parseStartTime, exitFromStatus } from '../../runner/isolation/docker.js';

function trial(state: Trial['state'], rps: number, cpuUsPerRequest: number, p99: number): Trial {
  return {
    id: 'x',
    round: 1,
    order: 1,
    stack: 'node-http',
    scenario: 'json',
    validation: 'zod',
    driver: 'autocannon',
    startedAt: '2026-01-01T00:00:00.000Z',
    state,
    flags: [],
    metrics: {
      requests: rps,
      durationS: 1,
      rps,
      latencyUs: { p50: 1, p90: 1, p99, p999: p99, max: p99, mean: 1 },
      cpuUsPerRequest,
      serverCpuPercent: 90,
      rssPeakBytes: 1,
      bytesPerSec: 1,
      errors: 0,
      timeouts: 0,
      statusCounts: { '200': rps },
      unexpectedStatuses: 0,
      generatorCpuPercent: 50,
    },
  };
}

describe('container overhead', () => {
  it('compares medians of usable trials and reports the change in percent', () => {
    const overhead = summarizeOverhead(
      [
        trial('valid', 10_000, 50, 900),
        trial('generator-bound', 12_000, 40, 800),
        trial('valid', 11_000, 45, 1000),
      ],
      [
        trial('valid', 9_000, 60, 1100),
        trial('invalid', 1, 1, 1),
        trial('valid', 10_000, 50, 1000),
        trial('valid', 9_500, 55, 1200),
      ],
      3,
    )!;
    expect(overhead.process).toEqual({ rps: 11_000, cpuUsPerRequest: 45, p99Us: 900 });
    expect(overhead.container).toEqual({ rps: 9_500, cpuUsPerRequest: 55, p99Us: 1100 });
    expect(overhead.rpsChangePercent).toBeCloseTo(((9_500 - 11_000) / 11_000) * 100, 9);
    expect(overhead.cpuChangePercent).toBeCloseTo(((55 - 45) / 45) * 100, 9);
    expect(overhead).toMatchObject({ stack: 'node-http', scenario: 'json', rounds: 3 });
  });

  it('counts unsaturated trials (both sides under the same load), never invalid ones', () => {
    const overhead = summarizeOverhead(
      [trial('not-saturated', 8_000, 60, 900)],
      [trial('not-saturated', 7_000, 70, 1000), trial('invalid', 1, 1, 1)],
      1,
    )!;
    expect(overhead.process.rps).toBe(8_000);
    expect(overhead.container.rps).toBe(7_000);
  });

  it('gives nothing when a side has no usable trial', () => {
    expect(
      summarizeOverhead([trial('valid', 1, 1, 1)], [trial('crashed', 1, 1, 1)], 1),
    ).toBeUndefined();
  });

  it('alternates which isolation goes first', () => {
    expect([1, 2, 3].map(overheadOrder)).toEqual([
      ['process', 'container'],
      ['container', 'process'],
      ['process', 'container'],
    ]);
  });
});

describe('container owners and exit statuses', () => {
  it('reads the start time (field 22) after a comm holding spaces', () => {
    const stat =
      '4242 (node (w) x) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1234 567 0 0 20 0 11 0 987654 1000 ';
    expect(parseStartTime(stat)).toBe('987654');
    expect(() => parseStartTime('garbage')).toThrow(/unexpected/);
  });

  it('calls an owner gone when its pid is dead or was reused', () => {
    const now = (pid: number) => (pid === 10 ? '10-500' : undefined);
    expect(ownerGone('10-500', now)).toBe(false);
    expect(ownerGone('10-499', now)).toBe(true);
    expect(ownerGone('11-500', now)).toBe(true);
    expect(ownerGone('', now)).toBe(true);
  });

  it('maps 128 + n container statuses to signals', () => {
    expect(exitFromStatus(0)).toEqual({ code: 0, signal: null });
    expect(exitFromStatus(1)).toEqual({ code: 1, signal: null });
    expect(exitFromStatus(137)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(exitFromStatus(143)).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
