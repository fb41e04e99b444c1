/**
 * What every CSV export shares: RFC 4180 fields and documents, the columns of a summarised
 * metric and of a derived figure, and the per-trial table (trials.csv and the open-model
 * phases' trial files print the same columns, plus a few of their own).
 */
import type { Estimate, MetricSummary, Results, Trial } from '../shared/results/schema.js';
import type { EffectReading } from './effects.js';
import { compare } from './runs.js';

export type Field = string | number | boolean | undefined;

/** One CSV field, quoted when it must be. */
export function csvField(value: Field): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole CSV document: header row, then rows, each line ended by CRLF. */
export function csvDocument(
  header: readonly string[],
  rows: readonly (readonly Field[])[],
): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

export const LATENCY_KEYS = ['p50', 'p90', 'p99', 'p999', 'max', 'mean'] as const;
/** The percentiles a summary holds with intervals. */
export const SUMMARY_PERCENTILES = ['p50', 'p90', 'p99', 'p999'] as const;

/** `name_estimate`, `name_low`, `name_high` (95 % CI), `name_cv`: one summarised metric. */
export function metricColumns(name: string): string[] {
  return [`${name}_estimate`, `${name}_low`, `${name}_high`, `${name}_cv`];
}

export function metricFields(m: MetricSummary | undefined): Field[] {
  return [m?.estimate, m?.low, m?.high, m?.cv];
}

/** A derived figure: its paired interval, the pairs behind it and how reports read it. */
export function derivedColumns(name: string): string[] {
  return [`${name}_estimate`, `${name}_low`, `${name}_high`, `${name}_pairs`, `${name}_reading`];
}

export function derivedFields(e: Estimate | undefined, r: EffectReading | undefined): Field[] {
  return [e?.estimate, e?.low, e?.high, r?.pairs, r?.kind];
}

/** Columns a trial table adds after the cell's identity, and their values for one trial. */
export interface ExtraColumns<T> {
  header: readonly string[];
  fields(trial: T, results: Results): Field[];
}

/**
 * One row per trial, in file order, then round and position within the round. Each HTTP
 * status seen in any trial gets its own column; a trial without metrics leaves them empty.
 */
export function trialTable<T extends Trial>(
  results: readonly Results[],
  trialsOf: (r: Results) => readonly T[],
  extra: ExtraColumns<T> = { header: [], fields: () => [] },
): string {
  const statuses = [
    ...new Set(
      results.flatMap((r) =>
        trialsOf(r).flatMap((t) => Object.keys(t.metrics?.statusCounts ?? {})),
      ),
    ),
  ].sort((a, b) => Number(a) - Number(b) || compare(a, b));
  const header = [
    'run_id',
    'trial_id',
    'round',
    'order',
    'stack',
    'scenario',
    'validation',
    ...extra.header,
    'driver',
    'started_at',
    'state',
    'reason',
    'flags',
    'requests',
    'duration_s',
    'rps',
    ...LATENCY_KEYS.map((k) => `latency_${k}_us`),
    'cpu_us_per_request',
    'server_cpu_percent',
    'server_cores',
    'server_busy_percent',
    'server_steal_percent',
    'rss_peak_bytes',
    'bytes_per_sec',
    'errors',
    'timeouts',
    'unexpected_statuses',
    'generator_cpu_percent',
    'generator_busy_percent',
    'generator_work_percent',
    'other_cpu_percent',
    'dropped',
    'late',
    'late_behind',
    ...statuses.map((s) => `status_${s}`),
  ];
  const rows = results.flatMap((r) =>
    [...trialsOf(r)].sort(byRoundAndOrder).map((t) => {
      const m = t.metrics;
      return [
        r.runId,
        t.id,
        t.round,
        t.order,
        t.stack,
        t.scenario,
        t.validation,
        ...extra.fields(t, r),
        t.driver,
        t.startedAt,
        t.state,
        t.reason,
        t.flags.join(';'),
        m?.requests,
        m?.durationS,
        m?.rps,
        ...LATENCY_KEYS.map((k) => m?.latencyUs[k]),
        m?.cpuUsPerRequest,
        m?.serverCpuPercent,
        m?.serverCores,
        m?.serverBusyPercent,
        m?.serverStealPercent,
        m?.rssPeakBytes,
        m?.bytesPerSec,
        m?.errors,
        m?.timeouts,
        m?.unexpectedStatuses,
        m?.generatorCpuPercent,
        m?.generatorBusyPercent,
        m?.generatorWorkPercent,
        m?.otherCpuPercent,
        m?.dropped,
        m?.late,
        m?.lateBehind,
        ...statuses.map((s) => (m ? (m.statusCounts[s] ?? 0) : undefined)),
      ];
    }),
  );
  return csvDocument(header, rows);
}

function byRoundAndOrder(a: Trial, b: Trial): number {
  return a.round - b.round || a.order - b.order;
}

/** What went wrong in a group of trials, summed over those that measured anything. */
export const FAILURE_COLUMNS = ['dropped', 'errors', 'timeouts', 'unexpected_statuses'];

export function failureFields(trials: readonly Trial[]): Field[] {
  const sum = (pick: (m: NonNullable<Trial['metrics']>) => number | undefined) =>
    trials.reduce((total, t) => total + (t.metrics ? (pick(t.metrics) ?? 0) : 0), 0);
  return [
    sum((m) => m.dropped),
    sum((m) => m.errors),
    sum((m) => m.timeouts),
    sum((m) => m.unexpectedStatuses),
  ];
}
