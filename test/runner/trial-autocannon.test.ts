/**
 * Windows per server process with real parts: the autocannon driver (no windows capability,
 * so one run per window) against a real node-http server started by process isolation.
 * Starts servers and sends load: run under /tmp/stackbench-load.lock.
 */
import { describe, expect, it } from 'vitest';
import { autocannonDriver } from '../../runner/drivers/autocannon.js';
import { processIsolation } from '../../runner/isolation/process.js';
import { runTrial } from '../../runner/run/trial.js';
import { loadScenarios } from '../../runner/scenarios/load.js';

const scenarios = await loadScenarios();

describe('a trial of several windows against a real server', () => {
  it('measures each window in the same process, with its own server CPU', async () => {
    const started: number[] = [];
    const isolation = {
      ...processIsolation,
      async start(spec: Parameters<typeof processIsolation.start>[0]) {
        const handle = await processIsolation.start(spec);
        started.push(Number(new URL(handle.url).port));
        return handle;
      },
    };
    const trial = await runTrial(
      { isolation, driver: autocannonDriver },
      {
        id: 'real',
        round: 1,
        order: 1,
        server: { stack: 'node-http', validation: 'zod' },
        job: {
          scenario: scenarios.get('get-product')!,
          connections: 8,
          pipelining: 1,
          warmupS: 0.5,
          durationS: 1,
          timeoutS: 5,
          seed: 3,
          windows: 3,
        },
      },
    );
    expect(started).toHaveLength(1);
    expect(trial.state, trial.reason).not.toBe('crashed');
    expect(trial.state).not.toBe('invalid');
    const windows = trial.windows!;
    expect(windows).toHaveLength(3);
    for (const w of windows) {
      expect(w.metrics.requests).toBeGreaterThan(100);
      expect(w.metrics.statusCounts['200']).toBe(w.metrics.requests);
      // The server worked in every window: CPU seen, and per request a sane cost.
      expect(w.metrics.serverCpuPercent).toBeGreaterThan(5);
      expect(w.metrics.serverCpuPercent).toBeLessThan(250);
      expect(w.metrics.cpuUsPerRequest).toBeGreaterThan(1);
      expect(w.metrics.cpuUsPerRequest).toBeLessThan(20_000);
      expect(w.metrics.durationS).toBeGreaterThan(0.8);
      expect(w.metrics.durationS).toBeLessThan(2);
    }
    // The trial's totals are the windows' sums.
    const m = trial.metrics!;
    expect(m.requests).toBe(windows.reduce((a, w) => a + w.metrics.requests, 0));
    expect(m.durationS).toBeCloseTo(
      windows.reduce((a, w) => a + w.metrics.durationS, 0),
      9,
    );
    expect(m.serverCores).toBe(1);
  });
});
