/** The validity rules for one trial (DESIGN §5), a pure function of what was measured. */
import type { TrialMetrics, TrialState } from '../results/schema.js';

export interface ValidityRules {
  /** Generator CPU (% of its budget) at or above which the trial is generator-bound. */
  generatorBoundPercent: number;
  /** Server CPU (% of one core) below which a closed-model trial is flagged not saturated. */
  saturatedPercent: number;
}

export const DEFAULT_RULES: ValidityRules = { generatorBoundPercent: 90, saturatedPercent: 80 };

export interface Verdict {
  state: TrialState;
  reason?: string;
  flags: string[];
}

/**
 * crashed > invalid > generator-bound > valid. Invalid: any unexpected status, socket error,
 * timeout or dropped iteration (open model), or no response at all. Generator-bound: the load generator ran at or above
 * its CPU limit, so the server's number is a floor, not a capacity.
 */
export function classifyTrial(
  metrics: TrialMetrics | undefined,
  crash: string | undefined,
  rules: ValidityRules = DEFAULT_RULES,
): Verdict {
  if (crash !== undefined) return { state: 'crashed', reason: crash, flags: [] };
  if (metrics === undefined) return { state: 'invalid', reason: 'nothing was measured', flags: [] };
  const problems: string[] = [];
  if (metrics.requests === 0) problems.push('no response in the window');
  if (metrics.unexpectedStatuses > 0) {
    const share = ((100 * metrics.unexpectedStatuses) / Math.max(1, metrics.requests)).toFixed(2);
    problems.push(`${metrics.unexpectedStatuses} unexpected statuses (${share} %)`);
  }
  if (metrics.errors > 0) problems.push(`${metrics.errors} socket errors`);
  if (metrics.timeouts > 0) problems.push(`${metrics.timeouts} timeouts`);
  if ((metrics.dropped ?? 0) > 0) {
    problems.push(
      `${metrics.dropped} dropped iterations (the generator could not keep the arrival rate)`,
    );
  }
  if (problems.length > 0) return { state: 'invalid', reason: problems.join(', '), flags: [] };

  if (metrics.generatorCpuPercent >= rules.generatorBoundPercent) {
    return {
      state: 'generator-bound',
      reason: `load generator at ${metrics.generatorCpuPercent.toFixed(0)} % of its CPU (limit ${rules.generatorBoundPercent} %): the server may have more to give`,
      flags: [],
    };
  }
  // An open-model run sets its own rate: an idle server there is the point, not a flag.
  const closed = metrics.targetRps === undefined;
  const flags =
    closed && metrics.serverCpuPercent < rules.saturatedPercent ? ['not-saturated'] : [];
  return { state: 'valid', flags };
}

/** Responses whose status the scenario did not list. */
export function countUnexpected(
  statusCounts: Record<string, number>,
  expected: ReadonlySet<number>,
): number {
  let n = 0;
  for (const [status, count] of Object.entries(statusCounts))
    if (!expected.has(Number(status))) n += count;
  return n;
}
