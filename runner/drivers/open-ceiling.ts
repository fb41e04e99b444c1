/**
 * A driver's open-model ceiling (issue 11): the highest arrival rate it holds on schedule
 * while under 90 % of its CPU. Rates step up ×`growth` from a start until a step fails; what
 * failed it says whose limit that was. When the server saturates first, the ceiling is only
 * known to be above the last rate held, and the result says so.
 */
import type { Trial } from '../results/schema.js';
import {
  generatorBoundProblem,
  generatorLoadPercent,
  serverLoadPercent,
  type ValidityRules,
} from '../run/validity.js';

export interface OpenCeilingStep {
  rps: number;
  achievedRps: number;
  generatorPercent: number;
  serverPercent: number;
  ok: boolean;
  reason?: string;
}

export interface OpenCeiling {
  /** The highest rate held on schedule (0: not even the first). */
  heldRps: number;
  /** Whose limit ended the search: the generator's, the server's, or none (the last step was held). */
  limit: 'generator' | 'server' | 'none';
  steps: OpenCeilingStep[];
}

/** A trial at one rate, judged: held on schedule, by a generator with room? */
export function judgeStep(rps: number, trial: Trial, rules: ValidityRules): OpenCeilingStep {
  const m = trial.metrics;
  if (m === undefined)
    return {
      rps,
      achievedRps: 0,
      generatorPercent: 0,
      serverPercent: 0,
      ok: false,
      reason: trial.reason ?? trial.state,
    };
  const step = {
    rps,
    achievedRps: m.rps,
    generatorPercent: generatorLoadPercent(m),
    serverPercent: serverLoadPercent(m),
  };
  const reasons: string[] = [];
  if (trial.state !== 'valid') reasons.push(trial.reason ?? trial.state);
  const bound = generatorBoundProblem(m, rules);
  if (bound !== undefined) reasons.push(bound);
  if (m.rps < 0.97 * rps) reasons.push(`achieved ${Math.round(m.rps)} of ${rps} req/s`);
  return reasons.length === 0
    ? { ...step, ok: true }
    : { ...step, ok: false, reason: reasons.join('; ') };
}

/**
 * Steps the rate up from `startRps` (×`growth`, at most `maxSteps` in all) until `measure`
 * reports a failed step; when the very first step fails, steps down (÷`growth`) until one
 * holds instead. A failed step whose server was saturated is the server's limit, else the
 * generator's.
 */
export async function searchOpenCeiling(
  startRps: number,
  measure: (rps: number) => Promise<OpenCeilingStep>,
  rules: ValidityRules,
  growth = 1.2,
  maxSteps = 8,
): Promise<OpenCeiling> {
  const steps: OpenCeilingStep[] = [];
  const limitOf = (failed: OpenCeilingStep): OpenCeiling['limit'] =>
    failed.serverPercent >= rules.serverSaturatedPercent ? 'server' : 'generator';
  let rps = Math.max(1, Math.round(startRps));
  const first = await measure(rps);
  steps.push(first);
  if (!first.ok) {
    // Too fast already: down until a rate holds; the lowest failure above it is the limit.
    let failed = first;
    while (steps.length < maxSteps && rps > 1) {
      rps = Math.max(1, Math.round(rps / growth));
      const step = await measure(rps);
      steps.push(step);
      if (step.ok) return { heldRps: rps, limit: limitOf(failed), steps };
      failed = step;
    }
    return { heldRps: 0, limit: limitOf(failed), steps };
  }
  while (steps.length < maxSteps) {
    rps = Math.round(rps * growth);
    const step = await measure(rps);
    steps.push(step);
    if (!step.ok) return { heldRps: steps.at(-2)!.rps, limit: limitOf(step), steps };
  }
  return { heldRps: rps, limit: 'none', steps };
}
