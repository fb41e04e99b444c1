import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACKS } from '../../servers/stacks.js';
import { readResults } from '../../runner/results/io.js';
import type { Results } from '../../runner/results/schema.js';
import { loadScenarios } from '../../runner/scenarios/load.js';
import { executeRun, type RunSettings } from '../../runner/run/orchestrate.js';
import { planCells, planRounds } from '../../runner/run/plan.js';
import { fakeRun } from '../fakes/fake-run.js';
import { blankResults } from '../fakes/results.js';

const scenarios = await loadScenarios();
const settings: RunSettings = { durationS: 2, warmupS: 0, connections: 8, timeoutS: 5, seed: 9 };
const clock = () => new Date('2026-01-02T03:04:05.000Z');

function freshResults(rounds = 3): Results {
  const cells = planCells(
    STACKS.filter((s) => s.name === 'node-http' || s.name === 'express'),
    [scenarios.get('get-product')!.scenario],
    ['zod', 'off'],
  );
  return blankResults(planRounds(cells, rounds, 9), rounds, clock().toISOString());
}

const tmpFile = async () => join(await mkdtemp(join(tmpdir(), 'sb-orch-')), 'results.json');

describe('executeRun', () => {
  it('runs every planned trial once and writes results.json after each one', async () => {
    const file = await tmpFile();
    const seenOnDisk: number[] = [];
    const { driver, isolation, calls } = fakeRun({
      rps: (spec) =>
        (spec.stack === 'node-http' ? 2000 : 1000) * (spec.validation === 'off' ? 1.25 : 1),
      beforeRun: async () => {
        seenOnDisk.push((await readResults(file)).trials.length);
      },
    });
    const results = await executeRun(
      { driver, isolation, scenarios, file, now: clock },
      settings,
      freshResults(),
    );
    expect(results.status).toBe('completed');
    expect(results.trials).toHaveLength(12);
    expect(calls).toMatchObject({ start: 12, run: 12, stop: 12, live: 0 });
    // Before trial k starts, the file on disk already holds the k−1 finished ones.
    expect(seenOnDisk).toEqual([...Array(12).keys()]);
    const onDisk = await readResults(file);
    expect(onDisk.trials).toHaveLength(12);
    expect(onDisk.finishedAt).toBe('2026-01-02T03:04:05.000Z');

    const cell = (stack: string, validation: string) =>
      onDisk.summary.find((c) => c.stack === stack && c.validation === validation)!;
    expect(cell('express', 'zod').ratioToBaseline?.estimate).toBeCloseTo(0.5, 10);
    expect(cell('node-http', 'zod').rps?.estimate).toBeCloseTo(2000, 6);
    // zod costs 20 % of throughput against off (1000 vs 1250) in every round.
    expect(cell('express', 'zod').validationOverhead?.throughputPercent.estimate).toBeCloseTo(
      20,
      6,
    );
    expect(cell('express', 'off').validationOverhead).toBeUndefined();
  });

  it('marks a trial whose server dies as crashed and goes on with the rest', async () => {
    const { driver, isolation } = fakeRun({ crash: (_spec, call) => call === 2 });
    const results = await executeRun(
      { driver, isolation, scenarios, now: clock },
      settings,
      freshResults(),
    );
    expect(results.status).toBe('completed');
    expect(results.trials).toHaveLength(12);
    const crashed = results.trials.filter((t) => t.state === 'crashed');
    expect(crashed).toHaveLength(1);
    expect(crashed[0]!.reason).toMatch(/server exited mid-trial \(code 1\): boom/);
    expect(
      results.summary.find(
        (c) => c.stack === crashed[0]!.stack && c.validation === crashed[0]!.validation,
      )?.flags,
    ).toContain('invalid-trials');
  });

  it('keeps every finished trial on interrupt, and --resume runs only what is left', async () => {
    const file = await tmpFile();
    const controller = new AbortController();
    const first = fakeRun({ beforeRun: (call) => (call === 5 ? controller.abort() : undefined) });
    const interrupted = await executeRun(
      {
        driver: first.driver,
        isolation: first.isolation,
        scenarios,
        file,
        now: clock,
        signal: controller.signal,
      },
      settings,
      freshResults(),
    );
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.trials).toHaveLength(4);
    expect(first.calls.live).toBe(0); // the server of the aborted trial was stopped

    const onDisk = await readResults(file);
    expect(onDisk.status).toBe('interrupted');
    expect(onDisk.trials.map((t) => t.id)).toEqual(interrupted.trials.map((t) => t.id));

    const second = fakeRun();
    const resumed = await executeRun(
      { driver: second.driver, isolation: second.isolation, scenarios, file, now: clock },
      settings,
      onDisk,
    );
    expect(second.calls.run).toBe(8);
    expect(resumed.status).toBe('completed');
    expect(new Set(resumed.trials.map((t) => `${t.round}:${t.order}`)).size).toBe(12);
  });

  it('writes atomically: no temporary file is left beside results.json', async () => {
    const file = await tmpFile();
    const { driver, isolation } = fakeRun();
    await executeRun({ driver, isolation, scenarios, file, now: clock }, settings, freshResults(1));
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text).trials).toHaveLength(4);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(join(file, '..'))).toEqual(['results.json']);
  });
});
