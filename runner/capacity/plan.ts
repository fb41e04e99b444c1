/**
 * The capacity search's pacing, a pure function of the steps so far (as vegeta's pace()):
 * step the open-model rate up geometrically from a start rate until a step fails, then
 * bisect between the highest rate that held and the lowest that broke, until the gap is
 * within `precision` of the rate or the step budget is spent. If the very first step fails,
 * step DOWN the same way first. Tested by a table, no sleeping.
 */

export interface CapacityPlan {
  /** First rate tried (req/s), e.g. a fraction of the closed-model peak. */
  startRps: number;
  /** Each step-up multiplies the rate by this (> 1). */
  growth: number;
  /** Stop bisecting when (high − low) / low is at most this. */
  precision: number;
  /** Never ask for more than this (req/s). */
  maxRps: number;
  /** Never ask for less than this (req/s); below it the result is "none". */
  minRps: number;
  /** At most this many steps in all. */
  maxSteps: number;
}

export interface TriedStep {
  targetRps: number;
  ok: boolean;
}

export type Next =
  | { done: false; targetRps: number; phase: 'step-up' | 'step-down' | 'bisect' }
  | { done: true; sustainableRps: number | null; reason: string };

/** The highest rate that held below the lowest that broke (noise above it is ignored). */
export function bracket(steps: readonly TriedStep[]): { low?: number; high?: number } {
  const failed = steps.filter((s) => !s.ok).map((s) => s.targetRps);
  const high = failed.length > 0 ? Math.min(...failed) : undefined;
  const held = steps
    .filter((s) => s.ok && (high === undefined || s.targetRps < high))
    .map((s) => s.targetRps);
  return { low: held.length > 0 ? Math.max(...held) : undefined, high };
}

const round = (rps: number) => (rps >= 100 ? Math.round(rps) : Math.round(rps * 10) / 10);

export function nextStep(plan: CapacityPlan, steps: readonly TriedStep[]): Next {
  const { low, high } = bracket(steps);
  const sustainable = low ?? null;
  if (steps.length === 0) return { done: false, targetRps: round(plan.startRps), phase: 'step-up' };
  if (steps.length >= plan.maxSteps)
    return {
      done: true,
      sustainableRps: sustainable,
      reason: `step budget (${plan.maxSteps}) spent`,
    };

  if (high === undefined) {
    // Everything held so far: keep stepping up.
    const top = Math.max(...steps.map((s) => s.targetRps));
    if (top >= plan.maxRps)
      return {
        done: true,
        sustainableRps: sustainable,
        reason: `held up to --max-rate ${plan.maxRps}`,
      };
    return {
      done: false,
      targetRps: round(Math.min(plan.maxRps, top * plan.growth)),
      phase: 'step-up',
    };
  }
  if (low === undefined) {
    // Nothing held yet: step down below the lowest failure.
    const next = high / plan.growth;
    if (next < plan.minRps)
      return { done: true, sustainableRps: null, reason: `failed even at ${round(high)} req/s` };
    return { done: false, targetRps: round(next), phase: 'step-down' };
  }
  if ((high - low) / low <= plan.precision)
    return {
      done: true,
      sustainableRps: low,
      reason: `bracketed within ${plan.precision * 100} %`,
    };
  const mid = round((low + high) / 2);
  if (mid <= low || mid >= high)
    return { done: true, sustainableRps: low, reason: 'bracket narrower than the rate resolution' };
  return { done: false, targetRps: mid, phase: 'bisect' };
}

/**
 * A fixed list of rates instead of a search (e.g. 50 / 75 / 90 % of the measured peak): each
 * is tried once, in order; the sustainable rate is the highest that held below any failure.
 */
export function nextFixedStep(rates: readonly number[], steps: readonly TriedStep[]): Next {
  const next = rates[steps.length];
  if (next !== undefined) return { done: false, targetRps: round(next), phase: 'step-up' };
  const { low } = bracket(steps);
  return { done: true, sustainableRps: low ?? null, reason: `${rates.length} fixed rates tried` };
}
