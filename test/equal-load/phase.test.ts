/**
 * The run's equal-load phase, orchestration only (fake driver and isolation): the rates come
 * from the saturated phase, every stack gets the same ones, results are written after every
 * trial, and an interrupted phase resumes from its plan.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACKS } from '../../servers/stacks.js';
import type { LoadDriver } from '../../runner/drivers/driver.js';
import { readResults } from '../../runner/results/io.js';
import type { Results } from '../../runner/results/schema.js';
import { loadScenarios } from '../../runner/scenarios/load.js';
import { runEqualLoad, startEqualLoad } from '../../runner/run/equal-load-phase.js';
import { executeRun, type RunSettings } from '../../runner/run/orchestrate.js';
import { planCells, planRounds } from '../../runner/run/plan.js';
import { fakeRun } from '../fakes/fake-run.js';
import { blankResults } from '../fakes/results.js';

const scenarios = await loadScenarios();
const settings: RunSettings = { durationS: 2, warmupS: 0, connections: 8, timeoutS: 5, seed: 9 };
const clock = () => new Date('2026-01-02T03:04:05.000Z');

/** A saturated phase already run: node-http 2,000 req/s, express 1,000 (both modes). */
async function saturated(rounds = 3): Promise<Results> {
  const cells = planCells(
    STACKS.filter((s) => s.name === 'node-http' || s.name === 'express'),
    [scenarios.get('get-product')!.scenario],
    ['zod', 'off'],
  );
  const { driver, isolation } = fakeRun({
    rps: (spec) => (spec.stack === 'node-http' ? 2000 : 1000),
  });
  return executeRun(
    { driver, isolation, scenarios, now: clock },
    settings,
    blankResults(planRounds(cells, rounds, 9), rounds),
  );
}

/** The fake driver with the open model: achieves whatever rate it is asked for. */
function openFake(beforeRun?: (call: number) => void) {
  const fake = fakeRun({ rps: (_spec, job) => job.rate ?? 0, beforeRun });
  const rates: number[] = [];
  const driver: LoadDriver = {
    ...fake.driver,
    name: 'fake-open',
    capabilities: { ...fake.driver.capabilities, openModel: true },
    run(job, hooks) {
      rates.push(job.rate!);
      return fake.driver.run(job, hooks);
    },
  };
  return { ...fake, driver, rates };
}

describe('equal-load phase', () => {
  it('offers every stack the same rates (50 % of the slowest), in one validation mode', async () => {
    const results = await saturated();
    const file = join(await mkdtemp(join(tmpdir(), 'sb-eq-')), 'results.json');
    const open = openFake();
    const phase = startEqualLoad(
      results,
      open.driver,
      { fractions: [0.5], bases: ['slowest'], validation: 'zod' },
      9,
    );
    expect(phase.capacities.map((c) => `${c.stack}:${c.rps}`).sort()).toEqual([
      'express:1000',
      'node-http:2000',
    ]);
    expect(phase.plan).toHaveLength(2 * 3); // 2 stacks × 1 rate × 3 rounds
    const complete = await runEqualLoad(
      { driver: open.driver, isolation: open.isolation, scenarios, file, now: clock },
      settings,
      results,
    );
    expect(complete).toBe(true);
    expect(open.rates).toEqual([500, 500, 500, 500, 500, 500]);
    const onDisk = await readResults(file);
    expect(onDisk.equalLoad!.trials).toHaveLength(6);
    expect(onDisk.equalLoad!.trials.every((t) => t.metrics?.targetRps === 500)).toBe(true);
    const express = onDisk.equalLoad!.summary.find((c) => c.stack === 'express')!;
    expect(express).toMatchObject({ offeredRps: 500, valid: 3 });
    expect(express.achievedRps!.estimate).toBeCloseTo(500, 6);
    // The fake reports the same latency for both stacks: the paired ratio is exactly 1.
    expect(express.ratioToBaseline!.p99).toEqual({ estimate: 1, low: 1, high: 1, n: 3 });
  });

  it('own basis: fractions of each stack’s own capacity', async () => {
    const results = await saturated(1);
    const open = openFake();
    startEqualLoad(results, open.driver, { fractions: [0.25, 0.75], bases: ['own'] }, 9);
    await runEqualLoad(
      { driver: open.driver, isolation: open.isolation, scenarios, now: clock },
      settings,
      results,
    );
    // Two validation modes × two stacks × two fractions, one round.
    expect(open.rates.sort((a, b) => a - b)).toEqual([250, 250, 500, 500, 750, 750, 1500, 1500]);
  });

  it('takes its own rounds, windows and warm-up when given (the quick profile’s budget)', async () => {
    const results = await saturated(5);
    const open = openFake();
    const windows: (number | undefined)[] = [];
    const warmups: number[] = [];
    const driver: LoadDriver = {
      ...open.driver,
      run(job, hooks) {
        windows.push(job.windows);
        warmups.push(job.warmupS);
        return open.driver.run(job, hooks);
      },
    };
    const phase = startEqualLoad(
      results,
      driver,
      {
        fractions: [0.5],
        bases: ['slowest'],
        validation: 'zod',
        rounds: 3,
        windows: 2,
        warmupS: 1.5,
      },
      9,
    );
    expect(phase.plan.map((p) => p.round)).toEqual([1, 1, 2, 2, 3, 3]);
    await runEqualLoad(
      { driver, isolation: open.isolation, scenarios, now: clock },
      settings,
      results,
    );
    // The fake has no `windows` capability: the trial runs it once per window, 2 × 6 trials.
    expect(windows).toHaveLength(12);
    expect(results.equalLoad!.trials.every((t) => t.windows?.length === 2)).toBe(true);
    // The phase's own warm-up (the run's is 0 here), before each process's first window only.
    expect(warmups).toEqual(Array.from({ length: 6 }, () => [1.5, 0]).flat());
    expect(results.equalLoad!.warmupS).toBe(1.5);
  });

  it('keeps finished trials on interrupt and resumes from its plan', async () => {
    const results = await saturated();
    const file = join(await mkdtemp(join(tmpdir(), 'sb-eq-')), 'results.json');
    const controller = new AbortController();
    const first = openFake((call) => (call === 3 ? controller.abort() : undefined));
    startEqualLoad(results, first.driver, { fractions: [0.5], bases: ['slowest'] }, 9);
    const complete = await runEqualLoad(
      {
        driver: first.driver,
        isolation: first.isolation,
        scenarios,
        file,
        now: clock,
        signal: controller.signal,
      },
      settings,
      results,
    );
    expect(complete).toBe(false);
    expect(first.calls.live).toBe(0);
    const onDisk = await readResults(file);
    expect(onDisk.equalLoad!.trials).toHaveLength(2);

    const second = openFake();
    // A resumed run keeps the plan it had: startEqualLoad does not plan again.
    const phase = startEqualLoad(onDisk, second.driver, { fractions: [0.9], bases: ['own'] }, 9);
    expect(phase.fractions).toEqual([0.5]);
    expect(
      await runEqualLoad(
        { driver: second.driver, isolation: second.isolation, scenarios, file, now: clock },
        settings,
        onDisk,
      ),
    ).toBe(true);
    expect(second.rates).toHaveLength(phase.plan.length - 2);
    expect((await readResults(file)).equalLoad!.trials).toHaveLength(phase.plan.length);
  });
});
