/**
 * One capacity step from the trial that measured it: its numbers and the SLO's verdict. Pure:
 * dropped iterations come from the trial's metrics, like every other count.
 */
import type { Trial } from '../results/schema.js';
import type { CapacityStep } from './search.js';
import { type Budget, evaluateStep, type Slo } from './slo.js';

const ZERO_LATENCY = { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };

export function stepFromTrial(
  trial: Trial,
  targetRps: number,
  slo: Slo,
  budget: Budget,
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
    late: m.late ?? 0,
    targetRps,
    achievedRps: m.rps,
    latencyUs: m.latencyUs,
    requests: m.requests - m.unexpectedStatuses,
    failures,
    generatorCpuPercent: m.generatorCpuPercent,
  });
  return {
    targetRps,
    achievedRps: m.rps,
    latencyUs: m.latencyUs,
    errors: failures - dropped,
    dropped,
    ok: verdict.ok,
    ...(!verdict.ok && { reason: verdict.reasons.join('; ') }),
    generatorCpuPercent: m.generatorCpuPercent,
  };
}
