/** The capacity planner and SLO: pure functions, tested by tables against a simulated server. */
import { describe, expect, it } from 'vitest';
import {
  bracket,
  nextFixedStep,
  nextStep,
  type CapacityPlan,
  type TriedStep,
} from '../../runner/capacity/plan.js';
import {
  DEFAULT_BUDGET,
  evaluateStep,
  parseSlo,
  sloThresholds,
} from '../../runner/capacity/slo.js';
import { searchCapacity } from '../../runner/capacity/search.js';

const plan = (over: Partial<CapacityPlan> = {}): CapacityPlan => ({
  startRps: 1000,
  growth: 1.5,
  precision: 0.05,
  maxRps: 1_000_000,
  minRps: 1,
  maxSteps: 30,
  ...over,
});

/** Runs the planner against a server that holds every rate up to `capacity`. */
function simulate(p: CapacityPlan, holds: (rps: number) => boolean) {
  const steps: TriedStep[] = [];
  for (;;) {
    const next = nextStep(p, steps);
    if (next.done) return { ...next, steps };
    steps.push({ targetRps: next.targetRps, ok: holds(next.targetRps) });
  }
}

describe('nextStep', () => {
  it.each([
    { name: 'capacity above the start', capacity: 4321, over: {} },
    { name: 'capacity below the start (steps down first)', capacity: 333, over: {} },
    { name: 'capacity exactly at a step', capacity: 2250, over: {} },
    { name: 'fine precision', capacity: 7777, over: { precision: 0.01 } },
    { name: 'slow growth', capacity: 5000, over: { growth: 1.1 } },
    { name: 'low rates (decimals)', capacity: 7.3, over: { startRps: 5 } },
  ])('$name: brackets the capacity within the precision', ({ capacity, over }) => {
    const p = plan(over);
    const r = simulate(p, (rps) => rps <= capacity);
    expect(r.sustainableRps).not.toBeNull();
    expect(r.sustainableRps!).toBeLessThanOrEqual(capacity);
    // The bracket's top failed, so capacity < high ≤ low × (1 + precision) (+ rounding).
    expect(r.sustainableRps!).toBeGreaterThanOrEqual(capacity / (1 + p.precision) - 1);
    expect(r.steps.length).toBeLessThanOrEqual(p.maxSteps);
    // Every step tried is a positive rate, and no rate is tried twice.
    expect(new Set(r.steps.map((s) => s.targetRps)).size).toBe(r.steps.length);
  });

  it.each([
    {
      name: 'starts at the start rate',
      steps: [],
      next: { done: false, targetRps: 1000, phase: 'step-up' },
    },
    {
      name: 'steps up by the growth factor while steps hold',
      steps: [{ targetRps: 1000, ok: true }],
      next: { done: false, targetRps: 1500, phase: 'step-up' },
    },
    {
      name: 'bisects after the first failure',
      steps: [
        { targetRps: 1000, ok: true },
        { targetRps: 1500, ok: false },
      ],
      next: { done: false, targetRps: 1250, phase: 'bisect' },
    },
    {
      name: 'steps down when the first step fails',
      steps: [{ targetRps: 1000, ok: false }],
      next: { done: false, targetRps: 667, phase: 'step-down' },
    },
    {
      name: 'stops once the bracket is within the precision',
      steps: [
        { targetRps: 1000, ok: true },
        { targetRps: 1040, ok: false },
      ],
      next: { done: true, sustainableRps: 1000 },
    },
  ])('$name', ({ steps, next }) => {
    expect(nextStep(plan(), steps)).toMatchObject(next);
  });

  it('stops at --max-rate when everything holds, reporting the highest rate tried', () => {
    const r = simulate(plan({ maxRps: 3000 }), () => true);
    expect(r.sustainableRps).toBe(3000);
    expect(r.reason).toMatch(/max-rate/);
  });

  it('reports no sustainable rate when even the minimum fails', () => {
    const r = simulate(plan({ minRps: 100 }), () => false);
    expect(r.sustainableRps).toBeNull();
    expect(r.steps.every((s) => !s.ok)).toBe(true);
  });

  it('spends at most maxSteps', () => {
    const r = simulate(plan({ maxSteps: 3 }), (rps) => rps <= 100_000);
    expect(r.steps).toHaveLength(3);
    expect(r.sustainableRps).toBe(2250);
    expect(r.reason).toMatch(/budget/);
  });

  it('ignores a noisy success above a failure', () => {
    expect(
      bracket([
        { targetRps: 1000, ok: true },
        { targetRps: 1500, ok: false },
        { targetRps: 2250, ok: true },
      ]),
    ).toEqual({ low: 1000, high: 1500 });
  });
});

describe('nextFixedStep', () => {
  it.each([
    { steps: [], next: { done: false, targetRps: 500 } },
    { steps: [{ targetRps: 500, ok: true }], next: { done: false, targetRps: 750 } },
    {
      steps: [
        { targetRps: 500, ok: true },
        { targetRps: 750, ok: true },
        { targetRps: 900, ok: false },
      ],
      next: { done: true, sustainableRps: 750 },
    },
    {
      steps: [
        { targetRps: 500, ok: false },
        { targetRps: 750, ok: true },
        { targetRps: 900, ok: true },
      ],
      next: { done: true, sustainableRps: null },
    },
  ])('after $steps.length steps', ({ steps, next }) => {
    expect(nextFixedStep([500, 750, 900], steps)).toMatchObject(next);
  });
});

describe('SLO', () => {
  it.each([
    ['p99<50ms', [{ percentile: 'p99', op: '<', limitUs: 50_000 }]],
    [
      'p50<=500us, p99.9<1s',
      [
        { percentile: 'p50', op: '<=', limitUs: 500 },
        { percentile: 'p999', op: '<', limitUs: 1_000_000 },
      ],
    ],
  ])('parses %s', (text, rules) => {
    expect(parseSlo(text).rules).toEqual(rules);
  });

  it('reports every bad rule at once', () => {
    expect(() => parseSlo('p98<5ms,p99>5ms,p50<fast')).toThrow(/"p98<5ms".*"p99>5ms".*"p50<fast"/);
  });

  it('becomes k6 thresholds in ms', () => {
    expect(sloThresholds(parseSlo('p99<50ms,p99.9<=1s'))).toEqual({
      http_req_duration: ['p(99)<50', 'p(99.9)<=1000'],
    });
  });

  const step = {
    targetRps: 1000,
    achievedRps: 995,
    latencyUs: { p50: 1000, p90: 5000, p99: 20_000, p999: 60_000, max: 90_000, mean: 2000 },
    requests: 1000,
    failures: 0,
  };
  it.each([
    { name: 'holds', over: {}, ok: true, reason: undefined },
    {
      name: 'latency over the bound',
      over: { latencyUs: { ...step.latencyUs, p99: 51_000 } },
      ok: false,
      reason: /p99 51.0 ms breaks < 50.0 ms/,
    },
    { name: 'a failure over a zero budget', over: { failures: 1 }, ok: false, reason: /budget/ },
    { name: 'the rate not reached', over: { achievedRps: 800 }, ok: false, reason: /achieved/ },
  ])('a step: $name', ({ over, ok, reason }) => {
    const v = evaluateStep(parseSlo('p99<50ms'), DEFAULT_BUDGET, { ...step, ...over });
    expect(v.ok).toBe(ok);
    if (reason !== undefined) expect(v.reasons.join('; ')).toMatch(reason);
  });

  it('an error budget allows some failures', () => {
    const budget = { ...DEFAULT_BUDGET, errorBudget: 0.01 };
    expect(evaluateStep(parseSlo('p99<50ms'), budget, { ...step, failures: 5 }).ok).toBe(true);
    expect(evaluateStep(parseSlo('p99<50ms'), budget, { ...step, failures: 20 }).ok).toBe(false);
  });
});

describe('searchCapacity', () => {
  it('runs the planned rates through measure and flags a generator-bound break', async () => {
    const tried: number[] = [];
    const r = await searchCapacity(plan({ precision: 0.2 }), async (targetRps) => {
      tried.push(targetRps);
      const ok = targetRps <= 2000;
      return {
        targetRps,
        achievedRps: targetRps,
        latencyUs: { p50: 1, p90: 1, p99: 1, p999: 1, max: 1, mean: 1 },
        errors: 0,
        dropped: 0,
        ok,
        ...(!ok && { reason: 'generator-bound: load generator at 97 % of its CPU' }),
      };
    });
    expect(tried.slice(0, 3)).toEqual([1000, 1500, 2250]);
    expect(r.sustainableRps).toBeGreaterThan(1500);
    expect(r.sustainableRps).toBeLessThanOrEqual(2000);
    expect(r.flags).toEqual(['generator-bound']);
  });
});
