/**
 * Reads k6's summary data (what handleSummary receives, as the scripts stackbench writes save
 * it) into stackbench's numbers: the measured window's requests, latency (ms → µs), statuses,
 * errors, dropped iterations, failed checks and thresholds. Used by the k6 driver and by
 * `stackbench import k6`.
 */
import * as z from 'zod';

const Metric = z.looseObject({
  type: z.string(),
  values: z.record(z.string(), z.number()),
  thresholds: z.record(z.string(), z.looseObject({ ok: z.boolean() })).optional(),
});

export const K6Summary = z.looseObject({
  state: z.looseObject({ testRunDurationMs: z.number() }),
  metrics: z.record(z.string(), Metric),
  options: z.looseObject({}).optional(),
});
export type K6Summary = z.output<typeof K6Summary>;

export interface K6Numbers {
  requests: number;
  latencyUs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  bytes: number;
  dropped: number;
  checksFailed: number;
  /** Thresholds that failed, `metric: rule`, the scenario's and stackbench's own. */
  failedThresholds: string[];
}

/** The measured window's submetric when the script made one, else the whole-test metric. */
function metric(summary: K6Summary, name: string) {
  return summary.metrics[`${name}{scenario:measure}`] ?? summary.metrics[name];
}

const value = (summary: K6Summary, name: string, key: string): number =>
  metric(summary, name)?.values[key] ?? 0;

export function parseK6Summary(json: unknown): K6Summary {
  const parsed = K6Summary.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `not a k6 summary (handleSummary data): ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

export function k6Numbers(summary: K6Summary): K6Numbers {
  const ms = (key: string) => value(summary, 'http_req_duration', key) * 1000;
  const statusCounts: Record<string, number> = {};
  let counted = 0;
  for (const [name, m] of Object.entries(summary.metrics)) {
    const match = /^http_reqs\{scenario:measure,status:(\d{3})\}$/.exec(name);
    const count = m.values.count ?? 0;
    if (match?.[1] !== undefined && count > 0) {
      statusCounts[match[1]] = count;
      counted += count;
    }
  }
  const total = value(summary, 'http_reqs', 'count');
  const noResponse = summary.metrics['http_reqs{scenario:measure,status:0}']?.values.count ?? 0;
  const timeouts =
    summary.metrics['http_reqs{scenario:measure,error_code:1050}']?.values.count ?? 0;
  // A status k6 was not asked to count separately (not IANA-registered): "000", unexpected.
  const unlisted = Math.max(0, total - counted - noResponse);
  if (unlisted > 0) statusCounts['000'] = unlisted;
  const failedThresholds: string[] = [];
  for (const [name, m] of Object.entries(summary.metrics))
    for (const [rule, t] of Object.entries(m.thresholds ?? {}))
      if (!t.ok) failedThresholds.push(`${name}: ${rule}`);
  return {
    requests: counted + unlisted,
    latencyUs: {
      p50: ms('p(50)'),
      p90: ms('p(90)'),
      p99: ms('p(99)'),
      p999: ms('p(99.9)'),
      max: ms('max'),
      mean: ms('avg'),
    },
    statusCounts,
    errors: Math.max(0, noResponse - timeouts),
    timeouts,
    bytes: value(summary, 'data_received', 'count'),
    dropped: value(summary, 'dropped_iterations', 'count'),
    checksFailed: value(summary, 'checks', 'fails'),
    failedThresholds,
  };
}
