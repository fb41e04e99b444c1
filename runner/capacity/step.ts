/**
 * One capacity step from the trial that measured it: its numbers, the SLO's verdict, and the
 * trial's own rules on the generator (late sends, generator-bound: validity.ts), so a step
 * and a trial can never disagree on whether the generator kept up. Pure: dropped iterations
 * come from the trial's metrics, like every other count.
 */
import type { Trial } from '../results/schema.js';
import { generatorBoundProblem, lateSendProblem, type ValidityRules } from '../run/validity.js';
import type { CapacityStep } from './search.js';
import { type Budget, evaluateStep, type Slo } from './slo.js';

const ZERO_LATENCY = { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };

export function stepFromTrial(
  trial: Trial,
  targetRps: number,
  slo: Slo,
  budget: Budget,
  /** The rules the run judges its trials by (results.json `validityRules`). */
  rules: ValidityRules,
): CapacityStep {
  const m = trial.metrics;
  const dropped = m?.dropped ?? 0;
  if (m === undefined || trial.state === 'crashed') {
    return {
      targetRps,
      achievedRps: 0,
      latencyUs: m?.latencyUs ?? ZERO_LATENCY,
      errors: 0,
      dropped,
      ok: false,
      reason: trial.reason ?? trial.state,
    };
  }
  const failures = m.errors + m.timeouts + m.unexpectedStatuses + dropped;
  const verdict = evaluateStep(slo, budget, {
    targetRps,
    achievedRps: m.rps,
    latencyUs: m.latencyUs,
    requests: m.requests - m.unexpectedStatuses,
    failures,
  });
  const late = lateSendProblem(m, rules);
  const bound = generatorBoundProblem(m, rules);
  const reasons = [
    ...verdict.reasons,
    ...(late === undefined ? [] : [late]),
    // the search flags its result by this word (search.ts)
    ...(bound === undefined ? [] : [`generator-bound: ${bound}`]),
  ];
  const ok = reasons.length === 0;
  return {
    targetRps,
    achievedRps: m.rps,
    latencyUs: m.latencyUs,
    errors: failures - dropped,
    dropped,
    ok,
    ...(!ok && { reason: reasons.join('; ') }),
    generatorCpuPercent: m.generatorCpuPercent,
  };
}
