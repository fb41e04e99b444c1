/**
 * A capacity step judged from its trial: the SLO and budget (slo.ts) plus the trial's own
 * rules on the generator (validity.ts). Fixed numbers; the expected verdicts follow the rules
 * as stated (generator-bound at ≥ 90 % of CPU plus the wait for it; invalid above 1 % late, or
 * where the driver tells stalls apart, above 1 % behind or 5 % late in all).
 */
import { describe, expect, it } from 'vitest';
import type { Trial, TrialMetrics } from '../../runner/results/schema.js';
import { parseSlo, DEFAULT_BUDGET } from '../../runner/capacity/slo.js';
import { stepFromTrial } from '../../runner/capacity/step.js';
import { searchCapacity } from '../../runner/capacity/search.js';
import { classifyTrial, DEFAULT_RULES } from '../../runner/run/validity.js';

const metrics: TrialMetrics = {
  requests: 1000,
  durationS: 1,
  rps: 1000,
  latencyUs: { p50: 1000, p90: 5000, p99: 20_000, p999: 60_000, max: 90_000, mean: 2000 },
  cpuUsPerRequest: 100,
  serverCpuPercent: 40,
  rssPeakBytes: 50e6,
  bytesPerSec: 1e6,
  errors: 0,
  timeouts: 0,
  statusCounts: { '200': 1000 },
  unexpectedStatuses: 0,
  generatorCpuPercent: 40,
  late: 0,
  targetRps: 1000,
};

const trialWith = (over: Partial<TrialMetrics>): Trial => ({
  id: 'capacity-node-http-1000',
  round: 1,
  order: 1,
  stack: 'node-http',
  scenario: 'get-product',
  validation: 'none',
  driver: 'embedded',
  startedAt: '2026-11-30T12:00:00.000Z',
  state: 'valid',
  flags: [],
  metrics: { ...metrics, ...over },
});

const rules = { ...DEFAULT_RULES, generatorBoundPercent: 90, lateSendLimitPercent: 1 };
const judge = (over: Partial<TrialMetrics>) =>
  stepFromTrial(trialWith(over), 1000, parseSlo('p99<50ms'), DEFAULT_BUDGET, rules);

describe('stepFromTrial: the generator judged by the trial rules', () => {
  it.each<[string, Partial<TrialMetrics>, boolean, RegExp | undefined]>([
    ['a generator with room, on schedule', {}, true, undefined],
    [
      'generator CPU 80 % (below 90) but 95 % with the wait for its CPU',
      { generatorCpuPercent: 80, generatorBusyPercent: 95 },
      false,
      /^generator-bound: load generator at 95 % of its CPU \(CPU 80 %, the rest waiting for its CPU\) \(limit 90 %\)$/,
    ],
    [
      'generator CPU 95 %',
      { generatorCpuPercent: 95 },
      false,
      /^generator-bound: load generator at 95 % of its CPU \(limit 90 %\)$/,
    ],
    [
      'generator CPU 80 %, waiting hardly at all (85 %)',
      { generatorCpuPercent: 80, generatorBusyPercent: 85 },
      true,
      undefined,
    ],
    [
      '2 % of the sends late (20 of 1000)',
      { late: 20 },
      false,
      /^20 of 1000 sends \(2\.0 %\) left late \(limit 1 %\): the generator fell behind its schedule$/,
    ],
    ['0.5 % of the sends late (5 of 1000)', { late: 5 }, true, undefined],
    [
      'one stall of the host: 3 % late (30 of 1000), none behind: the step holds',
      { late: 30, lateBehind: 0 },
      true,
      undefined,
    ],
    [
      '1.5 % behind (15 of 1000, 30 late): the generator could not catch up',
      { late: 30, lateBehind: 15 },
      false,
      /^15 of 1000 sends \(1\.5 %\) left late at wake-ups that followed late ones \(limit 1 %\)/,
    ],
    [
      'the SLO and the generator both broken: every reason',
      { latencyUs: { ...metrics.latencyUs, p99: 60_000 }, generatorCpuPercent: 99 },
      false,
      /^p99 60\.0 ms breaks < 50\.0 ms; generator-bound: load generator at 99 %/,
    ],
  ])('%s', (_name, over, ok, reason) => {
    const step = judge(over);
    expect(step.ok).toBe(ok);
    if (reason === undefined) expect(step.reason).toBeUndefined();
    else expect(step.reason).toMatch(reason);
  });

  it('agrees with a closed-model trial on "generator-bound" at the same numbers', () => {
    for (const [cpu, busy] of [
      [80, 95],
      [80, 85],
      [89, undefined],
      [90, undefined],
      [95, 70],
    ] as const) {
      const gen = {
        generatorCpuPercent: cpu,
        ...(busy !== undefined && { generatorBusyPercent: busy }),
      };
      const { targetRps: _open, late: _late, ...closed } = { ...metrics, ...gen };
      const trial = classifyTrial(closed, undefined, rules);
      const step = judge(gen);
      expect(step.reason?.includes('generator-bound') ?? false, `CPU ${cpu}, busy ${busy}`).toBe(
        trial.state === 'generator-bound',
      );
    }
  });

  it.each<[string, Partial<TrialMetrics>, string[]]>([
    [
      'CPU plus the wait at the bound',
      { generatorCpuPercent: 80, generatorBusyPercent: 95 },
      ['generator-bound'],
    ],
    ['2 % of the sends late', { late: 20 }, []],
  ])(
    'a search whose step broke on %s: flagged by the generator-bound rule only',
    async (_name, over, flags) => {
      const found = await searchCapacity(
        (steps) =>
          steps.length === 0
            ? { done: false, targetRps: 1000, phase: 'step-up' }
            : { done: true, sustainableRps: null, reason: 'the first step broke' },
        async () => judge(over),
      );
      expect(found.flags).toEqual(flags);
    },
  );
});
