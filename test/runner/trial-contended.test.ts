/**
 * A window that another process shares is not a measurement of the stack. Real parts: the
 * embedded driver (generator on CPU 0) against node:http started by process isolation (CPU
 * 1), once on its own and once while busy loops share the generator's and the server's CPUs.
 * The busy loops end on their own after a few seconds and are killed in `finally` as well,
 * so they never outlive the test. Starts servers and sends load: run under /tmp/stackbench-load.lock.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { embeddedDriver } from '../../runner/drivers/embedded.js';
import { processIsolation } from '../../runner/isolation/process.js';
import { tethered } from '../../runner/process/tethered.js';
import type { Trial } from '../../runner/results/schema.js';
import { runTrial } from '../../runner/run/trial.js';
import { loadScenarios } from '../../runner/scenarios/load.js';

const scenarios = await loadScenarios();

const trial = (id: string): Promise<Trial> =>
  runTrial(
    { isolation: processIsolation, driver: embeddedDriver },
    {
      id,
      round: 1,
      order: 1,
      server: { stack: 'node-http', validation: 'zod', cpus: '1' },
      job: {
        scenario: scenarios.get('get-product')!,
        connections: 16,
        pipelining: 1,
        warmupS: 0.5,
        durationS: 1,
        timeoutS: 5,
        seed: 7,
        windows: 2,
        cpus: '0',
      },
    },
  );

/** A busy loop on `cpu` that stops by itself after `ms`. */
function hog(ms: number, cpu: string) {
  const t = tethered(
    process.execPath,
    ['-e', `const end = Date.now() + ${ms}; while (Date.now() < end) {}`],
    { cpus: cpu },
  );
  return spawn(t.file, t.args, { stdio: 'ignore', env: { ...process.env, ...t.env } });
}

describe('windows shared with another process', () => {
  it('records what others used, and calls a window contended when they used a CPU', async () => {
    const quiet = await trial('quiet');
    // One busy loop beside the generator, one beside the server.
    const busy = [hog(6000, '0'), hog(6000, '1')];
    let shared: Trial;
    try {
      shared = await trial('shared');
    } finally {
      for (const b of busy) b.kill('SIGKILL');
    }
    expect(quiet.state, quiet.reason).not.toBe('crashed');
    expect(shared.state, shared.reason).toBe('contended');
    expect(shared.reason).toMatch(/other processes used \d+ % of a CPU/);
    for (const w of shared.windows!) {
      expect(w.state).toBe('contended');
      // Each busy loop wants a whole core and shares it with the generator or the server:
      // together they got well over the contended limit (one alone on CPU 0 got 26 % in a CI
      // run and under 20 % in another).
      expect(w.metrics.otherCpuPercent).toBeGreaterThan(40);
      // The generator shared its CPU with it: it waited for that CPU, beyond its own time.
      expect(w.metrics.generatorBusyPercent! - w.metrics.generatorCpuPercent).toBeGreaterThan(5);
    }
    // Measured when quiet too, and far below the shared windows'.
    for (const w of quiet.windows!) {
      expect(w.metrics.otherCpuPercent).toBeGreaterThanOrEqual(0);
      expect(w.metrics.otherCpuPercent!).toBeLessThan(
        Math.min(...shared.windows!.map((s) => s.metrics.otherCpuPercent!)),
      );
      expect(w.metrics.generatorBusyPercent).toBeGreaterThanOrEqual(w.metrics.generatorCpuPercent);
    }
  });
});
