/**
 * CSV exports (RFC 4180: CRLF line ends, a header row, fields with a comma, quote, CR or LF
 * quoted, quotes doubled). Numbers are written as JavaScript prints them (shortest exact
 * form, `.` decimal point, no grouping); a missing value is an empty field.
 *
 * `trials.csv`: one row per trial of every results file. Each HTTP status seen in any trial
 * gets its own column, `status_200`, `status_404`, …, in numeric order, so a spreadsheet can
 * sum them; a trial without metrics (crashed) leaves every metric empty, and a figure the
 * driver or isolation does not measure (server busy time, generator wait, other processes'
 * CPU, dropped sends of the open model) is an empty field.
 *
 * `summary.csv`: one row per cell, each summarised metric as `_estimate`, `_low`, `_high`
 * (95 % CI) and `_cv`; each derived figure (ratio to node:http, validation overhead) as
 * `_estimate`, `_low`, `_high` (its paired 95 % CI), `_pairs` (paired rounds behind it) and
 * `_reading`: `effect`, `within-noise` (the interval includes no effect: zero, or a ratio of
 * 1) or `too-few-pairs` (the interval says nothing), as the other reports show it.
 *
 * Only when some results file holds them: `equal-load.csv` and `equal-load-trials.csv`
 * (latency at equal offered load), `sweep.csv` and `sweep-trials.csv` (see csv-phases.ts),
 * `capacity.csv`, one row per step of every capacity
 * search (the search's SLO and sustainable rate repeated on each of its rows, `step` its
 * 1-based position in the order tried), and `driver-ceilings.csv`, one row per load
 * generator of `calibration.driverCeilings`. The container overhead is one pair of medians,
 * in the reports' text; it has no CSV.
 */
import type { Results } from '../shared/results/schema.js';
import {
  LATENCY_KEYS,
  csvDocument,
  derivedColumns,
  derivedFields,
  metricColumns,
  metricFields,
  trialTable,
} from './csv-document.js';
import { equalLoadCsv, equalLoadTrialsCsv, sweepCsv, sweepTrialsCsv } from './csv-phases.js';
import type { Renderer } from './renderer.js';
import { findCell, runViews } from './runs.js';
import { overheadReadings, ratioReading } from './sections.js';

export { csvDocument, csvField } from './csv-document.js';

/** One row per trial, in file order, then round and position within the round. */
export function trialsCsv(results: readonly Results[]): string {
  return trialTable(results, (r) => r.trials);
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
    ...SUMMARY_METRICS.flatMap(metricColumns),
    'rss_peak_bytes',
    ...derivedColumns('ratio_to_baseline'),
    ...derivedColumns('validation_overhead_cpu_us_per_request'),
    ...derivedColumns('validation_overhead_throughput_percent'),
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
        ...metrics.flatMap(metricFields),
        c.rssPeakBytes,
        ...derivedFields(c.ratioToBaseline, ratioReading(run, view)),
        ...derivedFields(c.validationOverhead?.cpuUsPerRequest, overhead?.cpu),
        ...derivedFields(c.validationOverhead?.throughputPercent, overhead?.throughput),
        c.flags.join(';'),
      ];
    }),
  );
  return csvDocument(header, rows);
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
    'generator_work_percent',
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
      d.generatorWorkPercent,
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
    ...(results.some((r) => (r.equalLoad?.trials ?? []).length > 0)
      ? [
          { file: 'equal-load.csv', data: equalLoadCsv(results) },
          { file: 'equal-load-trials.csv', data: equalLoadTrialsCsv(results) },
        ]
      : []),
    ...(results.some((r) => (r.sweep?.trials ?? []).length > 0)
      ? [
          { file: 'sweep.csv', data: sweepCsv(results) },
          { file: 'sweep-trials.csv', data: sweepTrialsCsv(results) },
        ]
      : []),
    ...(results.some((r) => (r.capacity ?? []).length > 0)
      ? [{ file: 'capacity.csv', data: capacityCsv(results) }]
      : []),
    ...(results.some((r) => (r.calibration.driverCeilings ?? []).length > 0)
      ? [{ file: 'driver-ceilings.csv', data: driverCeilingsCsv(results) }]
      : []),
  ],
};
