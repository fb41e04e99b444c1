/**
 * CSV exports (RFC 4180: CRLF line ends, a header row, fields with a comma, quote, CR or LF
 * quoted, quotes doubled). Numbers are written as JavaScript prints them (shortest exact
 * form, `.` decimal point, no grouping); a missing value is an empty field.
 *
 * `trials.csv`: one row per trial of every results file. Each HTTP status seen in any trial
 * gets its own column, `status_200`, `status_404`, …, in numeric order, so a spreadsheet can
 * sum them; a trial without metrics (crashed) leaves every metric empty.
 *
 * `summary.csv`: one row per cell, each summarised metric as `_estimate`, `_low`, `_high`
 * (95 % CI) and `_cv`; each derived figure (ratio to node:http, validation overhead) as
 * `_estimate`, `_low`, `_high` (its paired 95 % CI), `_pairs` (paired rounds behind it) and
 * `_reading`: `effect`, `within-noise` (the interval includes no effect: zero, or a ratio of
 * 1) or `too-few-pairs` (the interval says nothing), as the other reports show it.
 *
 * Only when some results file holds them: `capacity.csv`, one row per step of every capacity
 * search (the search's SLO and sustainable rate repeated on each of its rows, `step` its
 * 1-based position in the order tried), and `driver-ceilings.csv`, one row per load
 * generator of `calibration.driverCeilings`. The container overhead is one pair of medians,
 * in the reports' text; it has no CSV.
 */
import type { Estimate, Results, Trial } from '../shared/results/schema.js';
import type { EffectReading } from './effects.js';
import type { Renderer } from './renderer.js';
import { compare, findCell, runViews } from './runs.js';
import { overheadReadings, ratioReading } from './sections.js';

type Field = string | number | boolean | undefined;

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

const LATENCY_KEYS = ['p50', 'p90', 'p99', 'p999', 'max', 'mean'] as const;

/** One row per trial, in file order, then round and position within the round. */
export function trialsCsv(results: readonly Results[]): string {
  const statuses = [
    ...new Set(
      results.flatMap((r) => r.trials.flatMap((t) => Object.keys(t.metrics?.statusCounts ?? {}))),
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
    'rss_peak_bytes',
    'bytes_per_sec',
    'errors',
    'timeouts',
    'unexpected_statuses',
    'generator_cpu_percent',
    ...statuses.map((s) => `status_${s}`),
  ];
  const rows = results.flatMap((r) =>
    [...r.trials].sort(byRoundAndOrder).map((t) => {
      const m = t.metrics;
      return [
        r.runId,
        t.id,
        t.round,
        t.order,
        t.stack,
        t.scenario,
        t.validation,
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
        m?.rssPeakBytes,
        m?.bytesPerSec,
        m?.errors,
        m?.timeouts,
        m?.unexpectedStatuses,
        m?.generatorCpuPercent,
        ...statuses.map((s) => (m ? (m.statusCounts[s] ?? 0) : undefined)),
      ];
    }),
  );
  return csvDocument(header, rows);
}

function byRoundAndOrder(a: Trial, b: Trial): number {
  return a.round - b.round || a.order - b.order;
}

const SUMMARY_METRICS = [
  'rps',
  'latency_p50_us',
  'latency_p90_us',
  'latency_p99_us',
  'latency_p999_us',
  'cpu_us_per_request',
] as const;

/** One row per summarised cell, in file order. */
export function summaryCsv(results: readonly Results[]): string {
  const header = [
    'run_id',
    'stack',
    'scenario',
    'validation',
    'trials',
    'valid',
    ...SUMMARY_METRICS.flatMap((m) => [`${m}_estimate`, `${m}_low`, `${m}_high`, `${m}_cv`]),
    'rss_peak_bytes',
    ...derived('ratio_to_baseline'),
    ...derived('validation_overhead_cpu_us_per_request'),
    ...derived('validation_overhead_throughput_percent'),
    'flags',
  ];
  const rows = runViews(results).flatMap((run) =>
    run.results.summary.map((c) => {
      const r = run.results;
      const view = findCell(run, c.stack, c.scenario, c.validation);
      const overhead = overheadReadings(run, view);
      const metrics = [
        c.rps,
        c.latencyUs?.p50,
        c.latencyUs?.p90,
        c.latencyUs?.p99,
        c.latencyUs?.p999,
        c.cpuUsPerRequest,
      ];
      return [
        r.runId,
        c.stack,
        c.scenario,
        c.validation,
        c.trials,
        c.valid,
        ...metrics.flatMap((m) => [m?.estimate, m?.low, m?.high, m?.cv]),
        c.rssPeakBytes,
        ...estimate(c.ratioToBaseline),
        ...reading(ratioReading(run, view)),
        ...estimate(c.validationOverhead?.cpuUsPerRequest),
        ...reading(overhead?.cpu),
        ...estimate(c.validationOverhead?.throughputPercent),
        ...reading(overhead?.throughput),
        c.flags.join(';'),
      ];
    }),
  );
  return csvDocument(header, rows);
}

function derived(name: string): string[] {
  return [`${name}_estimate`, `${name}_low`, `${name}_high`, `${name}_pairs`, `${name}_reading`];
}

function reading(r: EffectReading | undefined): Field[] {
  return [r?.pairs, r?.kind];
}

function estimate(e: Estimate | undefined): Field[] {
  return [e?.estimate, e?.low, e?.high];
}

/** One row per capacity step, in file order, then the order the steps were tried. */
export function capacityCsv(results: readonly Results[]): string {
  const header = [
    'run_id',
    'stack',
    'scenario',
    'validation',
    'driver',
    'slo',
    'sustainable_rps',
    'search_flags',
    'step',
    'target_rps',
    'achieved_rps',
    ...LATENCY_KEYS.map((k) => `latency_${k}_us`),
    'errors',
    'dropped',
    'ok',
    'reason',
    'generator_cpu_percent',
  ];
  const rows = results.flatMap((r) =>
    (r.capacity ?? []).flatMap((c) =>
      c.steps.map((s, i) => [
        r.runId,
        c.stack,
        c.scenario,
        c.validation,
        c.driver,
        c.slo,
        c.sustainableRps ?? undefined,
        (c.flags ?? []).join(';'),
        i + 1,
        s.targetRps,
        s.achievedRps,
        ...LATENCY_KEYS.map((k) => s.latencyUs[k]),
        s.errors,
        s.dropped,
        s.ok,
        s.reason,
        s.generatorCpuPercent,
      ]),
    ),
  );
  return csvDocument(header, rows);
}

/** One row per load generator of `calibration.driverCeilings`, in file order. */
export function driverCeilingsCsv(results: readonly Results[]): string {
  const header = [
    'run_id',
    'driver',
    'version',
    'stack',
    'scenario',
    'rps',
    'generator_cpu_percent',
    'server_cpu_percent',
    ...LATENCY_KEYS.map((k) => `latency_${k}_us`),
  ];
  const rows = results.flatMap((r) =>
    (r.calibration.driverCeilings ?? []).map((d) => [
      r.runId,
      d.driver,
      d.version,
      d.stack,
      d.scenario,
      d.rps,
      d.generatorCpuPercent,
      d.serverCpuPercent,
      ...LATENCY_KEYS.map((k) => d.latencyUs[k]),
    ]),
  );
  return csvDocument(header, rows);
}

export const csvRenderer: Renderer = {
  format: 'csv',
  render: (results) => [
    { file: 'trials.csv', data: trialsCsv(results) },
    { file: 'summary.csv', data: summaryCsv(results) },
    ...(results.some((r) => (r.capacity ?? []).length > 0)
      ? [{ file: 'capacity.csv', data: capacityCsv(results) }]
      : []),
    ...(results.some((r) => (r.calibration.driverCeilings ?? []).length > 0)
      ? [{ file: 'driver-ceilings.csv', data: driverCeilingsCsv(results) }]
      : []),
  ],
};
