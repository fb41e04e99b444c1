/**
 * k6 summaries (from exported scripts, k6-operator runner logs, or any k6 handleSummary
 * JSON) → stackbench trials. Pure: text in, trials out. A server stackbench did not start has
 * no CPU or memory numbers: those are 0 and the trial is flagged `no-server-metrics`.
 *
 * Merging runners of one distributed test (`merge`): counts add up (requests, statuses,
 * errors, bytes); a percentile cannot be recomputed from percentiles, so the merged p50…p99.9
 * are the highest of the runners' (an upper bound) and the mean is weighted by requests. The
 * trial is flagged `merged-percentiles-upper-bound`.
 */
import type { Trial, TrialMetrics } from '../results/schema.js';
import { k6Numbers, parseK6Summary, type K6Numbers } from '../drivers/k6-summary.js';
import { classifyTrial, countUnexpected, DEFAULT_RULES } from '../run/validity.js';

/** The server ran elsewhere: its CPU is unknown, so validity rests on statuses and errors. */
export const IMPORTED_RULES = { ...DEFAULT_RULES, serverSaturatedPercent: 0 };

export interface ImportedSummary {
  file: string;
  numbers: K6Numbers;
  /** What a stackbench script recorded in `data.stackbench` (absent in foreign summaries). */
  meta: Record<string, unknown>;
  /** The whole test's duration (warm-up included), from k6. */
  testRunDurationS: number;
}

/** The summary JSON in a file: the whole file, or the last JSON object in a runner's log. */
export function extractSummaryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A log: k6's own lines, then the pretty-printed summary (it starts with "{" alone on a line).
    const start = text.lastIndexOf('\n{\n');
    const end = text.lastIndexOf('}');
    if (start < 0 || end < start) throw new Error('no JSON object in it');
    return JSON.parse(text.slice(start + 1, end + 1));
  }
}

export function readSummary(file: string, text: string): ImportedSummary {
  let json: unknown;
  try {
    json = extractSummaryJson(text);
  } catch (error) {
    throw new Error(`${file}: not a k6 summary: ${(error as Error).message}`);
  }
  let summary;
  try {
    summary = parseK6Summary(json);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  const meta = ((json as { stackbench?: unknown }).stackbench ?? {}) as Record<string, unknown>;
  return {
    file,
    numbers: k6Numbers(summary),
    meta,
    testRunDurationS: summary.state.testRunDurationMs / 1000,
  };
}

/** Several runners of one test as one. */
export function mergeSummaries(parts: ImportedSummary[]): ImportedSummary {
  const first = parts[0];
  if (first === undefined) throw new Error('nothing to merge');
  if (parts.length === 1) return first;
  const sum = (f: (n: K6Numbers) => number) => parts.reduce((a, p) => a + f(p.numbers), 0);
  const max = (f: (n: K6Numbers) => number) => Math.max(...parts.map((p) => f(p.numbers)));
  const requests = sum((n) => n.requests);
  const statusCounts: Record<string, number> = {};
  for (const p of parts)
    for (const [s, c] of Object.entries(p.numbers.statusCounts))
      statusCounts[s] = (statusCounts[s] ?? 0) + c;
  return {
    file: parts.map((p) => p.file).join(' + '),
    meta: first.meta,
    testRunDurationS: Math.max(...parts.map((p) => p.testRunDurationS)),
    numbers: {
      requests,
      latencyUs: {
        p50: max((n) => n.latencyUs.p50),
        p90: max((n) => n.latencyUs.p90),
        p99: max((n) => n.latencyUs.p99),
        p999: max((n) => n.latencyUs.p999),
        max: max((n) => n.latencyUs.max),
        mean: requests === 0 ? 0 : sum((n) => n.latencyUs.mean * n.requests) / requests,
      },
      statusCounts,
      errors: sum((n) => n.errors),
      timeouts: sum((n) => n.timeouts),
      bytes: sum((n) => n.bytes),
      dropped: sum((n) => n.dropped),
      checksFailed: sum((n) => n.checksFailed),
      failedThresholds: [...new Set(parts.flatMap((p) => p.numbers.failedThresholds))],
    },
  };
}

export interface TrialLabels {
  stack: string;
  scenario: string;
  validation: string;
  round: number;
  startedAt: string;
  /** The measured window in seconds (the script's meta, else the whole test). */
  durationS: number;
  expected: ReadonlySet<number>;
  merged: boolean;
}

export function summaryToTrial(s: ImportedSummary, labels: TrialLabels): Trial {
  const n = s.numbers;
  const metrics: TrialMetrics = {
    requests: Math.round(n.requests),
    durationS: labels.durationS,
    rps: n.requests / labels.durationS,
    latencyUs: n.latencyUs,
    cpuUsPerRequest: 0,
    serverCpuPercent: 0,
    rssPeakBytes: 0,
    bytesPerSec: n.bytes / labels.durationS,
    errors: Math.round(n.errors),
    timeouts: Math.round(n.timeouts),
    statusCounts: n.statusCounts,
    unexpectedStatuses: countUnexpected(n.statusCounts, labels.expected),
    generatorCpuPercent: 0,
    // Requests never sent: classifyTrial makes the trial invalid for them.
    ...(n.dropped > 0 && { dropped: Math.round(n.dropped) }),
  };
  const verdict = classifyTrial(metrics, undefined, IMPORTED_RULES);
  const reasons = [
    ...(verdict.reason !== undefined ? [verdict.reason] : []),
    ...n.failedThresholds.map((t) => `threshold failed: ${t}`),
  ];
  return {
    id: `import-${labels.round}-${labels.stack}-${labels.scenario}`,
    round: labels.round,
    order: 1,
    stack: labels.stack,
    scenario: labels.scenario,
    validation: labels.validation,
    driver: 'k6',
    startedAt: labels.startedAt,
    // A failed k6 threshold (e.g. the exported SLO) makes the trial invalid too.
    state: n.failedThresholds.length > 0 && verdict.state === 'valid' ? 'invalid' : verdict.state,
    ...(reasons.length > 0 && { reason: reasons.join('; ') }),
    flags: [
      'imported',
      'no-server-metrics',
      ...(labels.merged ? ['merged-percentiles-upper-bound'] : []),
    ],
    metrics,
  };
}
