import { describe, expect, it } from 'vitest';
import type { TrialMetrics } from '../../runner/results/schema.js';
import { classifyTrial, countUnexpected, DEFAULT_RULES } from '../../runner/run/validity.js';

const good: TrialMetrics = {
  requests: 10_000,
  durationS: 2,
  rps: 5000,
  latencyUs: { p50: 900, p90: 1500, p99: 3000, p999: 5000, max: 9000, mean: 1000 },
  cpuUsPerRequest: 190,
  serverCpuPercent: 97,
  rssPeakBytes: 60e6,
  bytesPerSec: 1e6,
  errors: 0,
  timeouts: 0,
  statusCounts: { '200': 10_000 },
  unexpectedStatuses: 0,
  generatorCpuPercent: 55,
};

describe('classifyTrial', () => {
  it.each<[string, Partial<TrialMetrics>, string | undefined, string, RegExp | undefined]>([
    ['a clean saturated trial', {}, undefined, 'valid', undefined],
    ['a crash beats everything', { errors: 5 }, 'server exited (code 1)', 'crashed', /exited/],
    [
      'one unexpected status',
      { unexpectedStatuses: 1 },
      undefined,
      'invalid',
      /1 unexpected statuses/,
    ],
    ['socket errors', { errors: 3 }, undefined, 'invalid', /3 socket errors/],
    ['timeouts', { timeouts: 2 }, undefined, 'invalid', /2 timeouts/],
    ['nothing answered', { requests: 0 }, undefined, 'invalid', /no response/],
    [
      'every problem named',
      { errors: 1, timeouts: 1, unexpectedStatuses: 4 },
      undefined,
      'invalid',
      /4 unexpected.*1 socket errors, 1 timeouts/,
    ],
    // Judged on the server: saturated means valid, whatever the generator did.
    [
      'server saturated, generator flat out',
      { generatorCpuPercent: 99 },
      undefined,
      'valid',
      undefined,
    ],
    ['server at exactly 95 %', { serverCpuPercent: 95 }, undefined, 'valid', undefined],
    [
      'server with room, generator at 90 %',
      { serverCpuPercent: 80, generatorCpuPercent: 90 },
      undefined,
      'generator-bound',
      /server at 80 %.*generator at 90 %/,
    ],
    [
      'server at 94.9 %, generator at 99 %',
      { serverCpuPercent: 94.9, generatorCpuPercent: 99 },
      undefined,
      'generator-bound',
      /may have more to give/,
    ],
    [
      'invalid beats generator-bound',
      { serverCpuPercent: 50, generatorCpuPercent: 99, errors: 1 },
      undefined,
      'invalid',
      /socket/,
    ],
    [
      'both with room (closed model)',
      { serverCpuPercent: 60, generatorCpuPercent: 89 },
      undefined,
      'not-saturated',
      /server at 60 %.*neither was the limit/,
    ],
    [
      'two cores: 190 % of one core is 95 % of the budget',
      { serverCpuPercent: 190, serverCores: 2 },
      undefined,
      'valid',
      undefined,
    ],
    [
      'two cores: 150 % of one core leaves room',
      { serverCpuPercent: 150, serverCores: 2, generatorCpuPercent: 20 },
      undefined,
      'not-saturated',
      /server at 75 %/,
    ],
    [
      'open model: an idle server is the point',
      { serverCpuPercent: 10, generatorCpuPercent: 10, targetRps: 500 },
      undefined,
      'valid',
      undefined,
    ],
    // Other processes on the machine: the window measured them too.
    [
      'others used a fifth of a core',
      { otherCpuPercent: 20 },
      undefined,
      'contended',
      /other processes used 20 % of a CPU.*limit 20 %/,
    ],
    ['others just under the limit', { otherCpuPercent: 19.9 }, undefined, 'valid', undefined],
    [
      'invalid beats contended',
      { otherCpuPercent: 80, errors: 1 },
      undefined,
      'invalid',
      /1 socket errors/,
    ],
    [
      'contended even in the open model',
      { serverCpuPercent: 10, otherCpuPercent: 50, targetRps: 500 },
      undefined,
      'contended',
      /50 %/,
    ],
    // A generator kept off its CPU is the limit even though its CPU time is low.
    [
      'generator waiting for its CPU',
      { serverCpuPercent: 80, generatorCpuPercent: 30, generatorBusyPercent: 92 },
      undefined,
      'generator-bound',
      /generator at 92 % of its CPU \(CPU 30 %, the rest waiting for its CPU\)/,
    ],
    [
      'generator with room and no wait',
      { serverCpuPercent: 80, generatorCpuPercent: 30, generatorBusyPercent: 31 },
      undefined,
      'not-saturated',
      /generator at 31 %: neither/,
    ],
    // A polling generator's CPU is full by design: its work is its load.
    [
      'polling generator with room',
      {
        serverCpuPercent: 80,
        generatorCpuPercent: 100,
        generatorBusyPercent: 103,
        generatorWorkPercent: 40,
      },
      undefined,
      'not-saturated',
      /generator at 40 %: neither/,
    ],
    [
      'polling generator at work 93 % of the time',
      { serverCpuPercent: 80, generatorCpuPercent: 100, generatorWorkPercent: 93 },
      undefined,
      'generator-bound',
      /generator at work 93 % of the time \(it polls\) \(limit 90 %\)/,
    ],
    [
      'a sender behind its schedule (open model): 2 % of sends late',
      { late: 200, requests: 10_000, targetRps: 500 },
      undefined,
      'invalid',
      /200 of 10000 sends \(2\.0 %\) left late \(limit 1 %\)/,
    ],
    [
      'stalls of the host (open model): 3 % of sends late, 0.2 % behind',
      { late: 300, lateBehind: 20, requests: 10_000, targetRps: 500 },
      undefined,
      'valid',
      undefined,
    ],
    [
      'a sender behind its schedule, told apart from stalls: 1.5 % behind',
      { late: 400, lateBehind: 150, requests: 10_000, targetRps: 500 },
      undefined,
      'invalid',
      /150 of 10000 sends \(1\.5 %\) left late at wake-ups that followed late ones \(limit 1 %\): the generator fell behind/,
    ],
    [
      'stalls of the host, one after another: 6 % of sends late, none behind',
      { late: 600, lateBehind: 0, requests: 10_000, targetRps: 500 },
      undefined,
      'invalid',
      /600 of 10000 sends \(6\.0 %\) left late \(limit 5 %\): the generator was stalled/,
    ],
    [
      'a host pause (open model): 0.5 % of sends late',
      { late: 50, requests: 10_000, targetRps: 500 },
      undefined,
      'valid',
      undefined,
    ],
    [
      'dropped iterations (open model)',
      { dropped: 12, targetRps: 500 },
      undefined,
      'invalid',
      /12 dropped iterations/,
    ],
  ])('%s', (_name, change, crash, state, reason) => {
    const verdict = classifyTrial({ ...good, ...change }, crash);
    expect(verdict.state).toBe(state);
    if (reason) expect(verdict.reason).toMatch(reason);
    else expect(verdict.reason).toBeUndefined();
  });

  it('labels an unsaturated trial with a flag as well as its state', () => {
    expect(classifyTrial({ ...good, serverCpuPercent: 40 }, undefined).flags).toEqual([
      'not-saturated',
    ]);
    expect(classifyTrial(good, undefined).flags).toEqual([]);
  });

  it('takes its thresholds from the rules given', () => {
    const rules = { serverSaturatedPercent: 50, generatorBoundPercent: 60 };
    expect(classifyTrial({ ...good, serverCpuPercent: 55 }, undefined, rules).state).toBe('valid');
    expect(
      classifyTrial({ ...good, serverCpuPercent: 45, generatorCpuPercent: 61 }, undefined, rules)
        .state,
    ).toBe('generator-bound');
    expect(DEFAULT_RULES).toEqual({
      serverSaturatedPercent: 95,
      generatorBoundPercent: 90,
      otherCpuLimitPercent: 20,
      lateSendLimitPercent: 1,
      stallLimitPercent: 5,
    });
  });

  it('judges saturation on the time the server had work when it is measured, not its CPU share', () => {
    // A neighbour held the server's core: 60 % CPU, but the event loop never ran dry.
    const starved = {
      ...good,
      serverCpuPercent: 60,
      serverBusyPercent: 99,
      generatorCpuPercent: 95,
    };
    expect(classifyTrial(starved, undefined).state).toBe('valid');
    // The event loop waited for requests while the generator was flat out.
    const idle = { ...good, serverCpuPercent: 97, serverBusyPercent: 70, generatorCpuPercent: 95 };
    expect(classifyTrial(idle, undefined).state).toBe('generator-bound');
    expect(classifyTrial(idle, undefined).reason).toMatch(/server busy 70 %/);
  });

  it('calls a trial with no metrics invalid', () => {
    expect(classifyTrial(undefined, undefined).state).toBe('invalid');
  });
});

describe('countUnexpected', () => {
  it('counts responses whose status the scenario does not list', () => {
    expect(countUnexpected({ '201': 50, '204': 49, '404': 1, '500': 2 }, new Set([201, 204]))).toBe(
      3,
    );
    expect(countUnexpected({ '200': 10 }, new Set([200]))).toBe(0);
  });
});
