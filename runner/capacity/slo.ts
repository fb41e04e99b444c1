/**
 * The service-level objective a capacity search holds each step to: latency percentiles
 * (`p99<50ms`, `p50<=2ms,p99.9<200ms`), an error budget and the rate achieved, checked on a
 * step's numbers. Whether the generator kept up is the trial's rule (validity.ts), applied
 * by step.ts. Pure: parsing and evaluation only.
 */
import type { LatencyUs } from '../results/schema.js';
import type { LatencyObjective } from '../drivers/driver.js';

export type Percentile = LatencyObjective['percentile'];

/** One rule of an SLO: a latency objective a load driver can carry too. */
export type SloRule = LatencyObjective;

export interface Slo {
  /** The SLO as the user wrote it, for results and reports. */
  text: string;
  rules: SloRule[];
}

const PERCENTILES: Record<string, Percentile> = {
  p50: 'p50',
  p90: 'p90',
  p99: 'p99',
  'p99.9': 'p999',
  p999: 'p999',
};

const UNITS: Record<string, number> = { us: 1, µs: 1, ms: 1000, s: 1_000_000 };

/** Parses `p99<50ms[,p50<5ms…]`; every problem is reported at once. */
export function parseSlo(text: string): Slo {
  const problems: string[] = [];
  const rules: SloRule[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(p[\d.]+)\s*(<=|<)\s*([\d.]+)\s*(us|µs|ms|s)$/.exec(part);
    const percentile = m?.[1] === undefined ? undefined : PERCENTILES[m[1]];
    const limit = Number(m?.[3]);
    if (m === null || percentile === undefined || !Number.isFinite(limit) || limit <= 0) {
      problems.push(
        `"${part}": expected <percentile><op><time> with percentile p50|p90|p99|p99.9, op < or <=, time in us|ms|s (e.g. p99<50ms)`,
      );
      continue;
    }
    rules.push({ percentile, op: m[2] as '<' | '<=', limitUs: limit * UNITS[m[4]!]! });
  }
  if (problems.length > 0) throw new Error(`--slo: ${problems.join('; ')}`);
  return { text, rules };
}

/** The SLO as k6 thresholds on http_req_duration (ms), so the exported script enforces it too. */
export function sloThresholds(slo: Pick<Slo, 'rules'>): Record<string, string[]> {
  const k6Name: Record<Percentile, string> = {
    p50: 'p(50)',
    p90: 'p(90)',
    p99: 'p(99)',
    p999: 'p(99.9)',
  };
  return {
    http_req_duration: slo.rules.map((r) => `${k6Name[r.percentile]}${r.op}${r.limitUs / 1000}`),
  };
}

export interface StepNumbers {
  targetRps: number;
  achievedRps: number;
  latencyUs: LatencyUs;
  /** Responses with a status. */
  requests: number;
  /** Socket errors, timeouts, dropped iterations and unexpected statuses: all count. */
  failures: number;
}

export interface StepVerdict {
  ok: boolean;
  reasons: string[];
}

export interface Budget {
  /** Share of requests that may fail (0.001 = 0.1 %). */
  errorBudget: number;
  /** Achieved rate must be at least this share of the target. */
  minAchieved: number;
}

export const DEFAULT_BUDGET: Budget = { errorBudget: 0, minAchieved: 0.9 };

const fmt = (us: number) => (us >= 1000 ? `${(us / 1000).toFixed(1)} ms` : `${Math.round(us)} µs`);

/** Whether a step met the SLO, the error budget and its rate, and if not, every reason why. */
export function evaluateStep(slo: Slo, budget: Budget, n: StepNumbers): StepVerdict {
  const reasons: string[] = [];
  for (const r of slo.rules) {
    const v = n.latencyUs[r.percentile];
    if (r.op === '<' ? !(v < r.limitUs) : !(v <= r.limitUs))
      reasons.push(`${r.percentile} ${fmt(v)} breaks ${r.op} ${fmt(r.limitUs)}`);
  }
  const attempts = n.requests + n.failures;
  if (attempts === 0) reasons.push('no response');
  else if (n.failures / attempts > budget.errorBudget)
    reasons.push(
      `${n.failures} failed of ${attempts} (${((100 * n.failures) / attempts).toFixed(2)} % > budget ${(100 * budget.errorBudget).toFixed(2)} %)`,
    );
  if (n.achievedRps < budget.minAchieved * n.targetRps)
    reasons.push(`achieved ${Math.round(n.achievedRps)} req/s of ${Math.round(n.targetRps)} asked`);
  return { ok: reasons.length === 0, reasons };
}
