/**
 * Windows per server process (orchestration only: the fake driver and isolation, whose server
 * CPU clock advances only under load at the rate a test scripts).
 */
import { describe, expect, it } from 'vitest';
import type { LoadJob } from '../../runner/drivers/driver.js';
import { runTrial, serverCores, type TrialInput } from '../../runner/run/trial.js';
import { loadScenarios } from '../../runner/scenarios/load.js';
import { fakeRun, type Script } from '../fakes/fake-run.js';

const scenarios = await loadScenarios();

const input = (windows: number): TrialInput => ({
  id: 't',
  round: 1,
  order: 1,
  server: { stack: 'node-http', validation: 'zod' },
  job: {
    scenario: scenarios.get('get-product')!,
    connections: 8,
    pipelining: 1,
    warmupS: 2,
    durationS: 1,
    timeoutS: 5,
    seed: 100,
    windows,
  },
});

/** Runs one trial, recording what the driver was asked for. */
async function trial(script: Script, windows: number) {
  const jobs: Omit<LoadJob, 'url' | 'scenario'>[] = [];
  const fake = fakeRun(script);
  const run = fake.driver.run.bind(fake.driver);
  fake.driver.run = (job, hooks) => {
    const { scenario: _scenario, url: _url, ...rest } = job;
    jobs.push(rest);
    return run(job, hooks);
  };
  const result = await runTrial({ driver: fake.driver, isolation: fake.isolation }, input(windows));
  return { result, jobs, calls: fake.calls };
}

describe.each([
  ['a driver without the windows capability (one run per window)', false],
  ['a driver with the windows capability (one run, a boundary per window)', true],
])('windows per server process, %s', (_name, capable) => {
  it('starts one server, warms up once, and gives every window its own server CPU', async () => {
    // Window i of this process runs the server at 100, 90, 100, 40 % of its core.
    const cpu = [100, 90, 100, 40];
    const { result, jobs, calls } = await trial(
      { windows: capable, serverCpuPercent: (_s, i) => (i < 0 ? 100 : cpu[i]!) },
      4,
    );
    expect(calls.start).toBe(1);
    expect(calls.stop).toBe(1);
    if (capable) {
      expect(jobs).toHaveLength(1);
      expect(jobs[0]).toMatchObject({ windows: 4, warmupS: 2 });
    } else {
      expect(jobs.map((j) => j.warmupS)).toEqual([2, 0, 0, 0]);
      // Each window its own request sequence.
      expect(new Set(jobs.map((j) => j.seed)).size).toBe(4);
    }
    const windows = result.windows!;
    expect(windows.map((w) => Math.round(w.metrics.serverCpuPercent))).toEqual(cpu);
    expect(windows.map((w) => w.state)).toEqual([
      'valid',
      'not-saturated',
      'valid',
      'not-saturated',
    ]);
    expect(windows.every((w) => w.metrics.requests === 1000)).toBe(true);
    // The trial's metrics are the totals: 4 s, 4000 requests, the mean of the CPU.
    expect(result.metrics).toMatchObject({ requests: 4000, durationS: 4, rps: 1000 });
    expect(result.metrics!.serverCpuPercent).toBeCloseTo(82.5, 6);
    // 3.3 CPU-s over 4000 requests.
    expect(result.metrics!.cpuUsPerRequest).toBeCloseTo(825, 6);
    expect(result.state).toBe('not-saturated');
  });

  it('keeps a single window as a plain trial (no windows array)', async () => {
    const { result } = await trial({ windows: capable }, 1);
    expect(result.windows).toBeUndefined();
    expect(result.state).toBe('valid');
    expect(result.metrics!.serverCpuPercent).toBeCloseTo(100, 6);
  });
});

describe('the server CPU budget', () => {
  it.each([
    [undefined, 1, 1],
    ['1', 1, 1],
    ['2-3', 1, 1],
    ['2-3', 4, 2],
    ['0,2,4', 8, 3],
  ])('cpus %s, %d threads → %d cores', (cpus, threads, cores) => {
    expect(serverCores({ stack: 'x', validation: 'zod', cpus }, threads)).toBe(cores);
  });
});
