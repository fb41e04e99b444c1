/**
 * What the real-driver tests (test/drivers/*) share: the two servers they load (a loopback
 * test server with known answers and a real node-http stack), the job they start from, and
 * the checks every driver must pass on the same scenarios. Each test keeps its own bounds.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { LoadJob, LoadResult } from '../../runner/drivers/driver.js';
import { countUnexpected } from '../../runner/run/validity.js';
import { expectedStatuses } from '../../runner/scenarios/render.js';
import { type LoadedScenario, loadScenarios } from '../../runner/scenarios/load.js';
import { launchServer, type RunningServer } from '../../runner/servers/launch.js';
import { startTestServer, type TestServer } from '../drivers/servers.js';

export interface DriverTargets {
  /** The loopback test server (test/drivers/servers.ts). */
  readonly test: TestServer;
  /** node-http with zod validation, compiled, started as a run starts it. */
  readonly stack: RunningServer;
}

/**
 * Starts both targets before the file's tests (after `precondition`, e.g. "the driver is
 * installed", which fails the file rather than skipping it) and stops them after.
 */
export function useDriverTargets(precondition?: () => Promise<void>): DriverTargets {
  let test: TestServer | undefined;
  let stack: RunningServer | undefined;
  beforeAll(async () => {
    await precondition?.();
    test = await startTestServer();
    stack = await launchServer({ stack: 'node-http', validation: 'zod' });
  });
  afterAll(async () => {
    await test?.close();
    await stack?.stop();
  });
  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined)
      throw new Error(`the ${name} server is not started (beforeAll failed)`);
    return value;
  };
  return {
    get test() {
      return started(test, 'test');
    },
    get stack() {
      return started(stack, 'node-http');
    },
  };
}

/** A 1-second closed-model job, no warm-up, 5 s timeout, seed 1. */
export const driverJob = (url: string, scenario: LoadedScenario, connections = 4): LoadJob => ({
  url,
  scenario,
  connections,
  pipelining: 1,
  warmupS: 0,
  durationS: 1,
  timeoutS: 5,
  seed: 1,
});

/** A scenario of scenarios/ by name. */
export async function scenarioNamed(name: string): Promise<LoadedScenario> {
  const scenario = (await loadScenarios()).get(name);
  if (scenario === undefined) throw new Error(`no scenario ${name} in scenarios/`);
  return scenario;
}

/** Percentiles in order: p50 ≤ p90 ≤ p99 ≤ p99.9 ≤ max. */
export function expectLatencyOrder(l: LoadResult['latencyUs']): void {
  expect(l.p50).toBeLessThanOrEqual(l.p90);
  expect(l.p90).toBeLessThanOrEqual(l.p99);
  expect(l.p99).toBeLessThanOrEqual(l.p999);
  expect(l.p999).toBeLessThanOrEqual(l.max);
}

/** `/teapot` answers 418 to every other request: both counted, the 418s as unexpected. */
export function expectTeapotCounted(result: LoadResult, scenario: LoadedScenario): void {
  expect(result.statusCounts['418']).toBeGreaterThan(10);
  expect(result.statusCounts['200']).toBeGreaterThan(10);
  expect(result.statusCounts['200']! + result.statusCounts['418']!).toBe(result.requests);
  expect(countUnexpected(result.statusCounts, expectedStatuses(scenario.scenario))).toBe(
    result.statusCounts['418'],
  );
}

/**
 * create-product on a real stack: more than `atLeast` creates, each deleted (up to `slack`
 * still in flight when the window closed), no status the scenario does not expect.
 */
export function expectCreatesDeleted(
  result: LoadResult,
  scenario: LoadedScenario,
  bounds: { atLeast: number; slack: number },
): void {
  const created = result.statusCounts['201'] ?? 0;
  const deleted = result.statusCounts['204'] ?? 0;
  expect(created).toBeGreaterThan(bounds.atLeast);
  expect(Math.abs(created - deleted)).toBeLessThanOrEqual(bounds.slack);
  expect(countUnexpected(result.statusCounts, expectedStatuses(scenario.scenario))).toBe(0);
}

/** mixed on a real stack: its 8 reads per create, nothing unexpected. */
export function expectMixedRatio(result: LoadResult, scenario: LoadedScenario): void {
  const reads = result.statusCounts['200'] ?? 0;
  const creates = result.statusCounts['201'] ?? 0;
  expect(creates).toBeGreaterThan(10);
  expect(reads / creates).toBeGreaterThan(6);
  expect(reads / creates).toBeLessThan(10);
  expect(countUnexpected(result.statusCounts, expectedStatuses(scenario.scenario))).toBe(0);
}
