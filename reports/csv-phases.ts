/**
 * CSV of the open-model phases a results file may hold, each as one row per summarised point
 * (with the same `_estimate`, `_low`, `_high`, `_cv` columns as summary.csv) and one row per
 * trial (trials.csv's columns):
 *
 * `equal-load.csv`: one row per (stack, scenario, validation, offered rate), in report order.
 * `fraction_of_slowest` / `fraction_of_own` say what the rate stands for (a fraction of the
 * slowest stack's saturated capacity, the same rate for every stack, or of the stack's own;
 * a rate standing for several joins them with `;`). The latency ratios to node:http at the
 * same rate are derived figures: `_estimate`, `_low`, `_high` (paired 95 % CI), `_pairs` and
 * `_reading` (`effect`, `within-noise`, `too-few-pairs`), as summary.csv's. `dropped`,
 * `errors`, `timeouts` and `unexpected_statuses` are summed over every trial of the point,
 * valid or not (a trial that dropped requests is not valid). `equal-load-trials.csv` adds
 * `offered_rps` and the fractions to trials.csv's columns.
 *
 * `sweep.csv`: one row per (stack, scenario, validation, level), in report order. `level_kind`
 * is `connections` (closed model) or `rate` (open model, offered req/s); `knee` is `true` on
 * the row of the cell's knee (the last level worth offering), `false` elsewhere, all `false`
 * when the knee lies beyond the levels swept. `sweep-trials.csv` adds `level_kind` and `level`
 * to trials.csv's columns.
 */
import type {
  EqualLoadCell,
  EqualLoadTrial,
  Results,
  Sweep,
  SweepTrial,
} from '../shared/results/schema.js';
import {
  FAILURE_COLUMNS,
  SUMMARY_PERCENTILES,
  type Field,
  csvDocument,
  derivedColumns,
  derivedFields,
  failureFields,
  metricColumns,
  metricFields,
  trialTable,
} from './csv-document.js';
import { readEffect } from './effects.js';
import { equalLoadCells } from './equal-load-section.js';
import { cellId, runViews } from './runs.js';
import { kneeOf, sweepPoints } from './sweep-section.js';

const LATENCY_COLUMNS = SUMMARY_PERCENTILES.flatMap((p) => metricColumns(`latency_${p}_us`));

/** The fractions a rate stands for, per basis: `0.5`, or `0.25;0.5` for several. */
function fractionFields(labels: EqualLoadCell['labels']): Field[] {
  return (['slowest', 'own'] as const).map((basis) =>
    labels
      .filter((l) => l.basis === basis)
      .map((l) => l.fraction)
      .join(';'),
  );
}

/** One row per equal-load point of every results file. */
export function equalLoadCsv(results: readonly Results[]): string {
  const header = [
    'run_id',
    'stack',
    'scenario',
    'validation',
    'offered_rps',
    'fraction_of_slowest',
    'fraction_of_own',
    'trials',
    'valid',
    ...FAILURE_COLUMNS,
    ...metricColumns('achieved_rps'),
    ...LATENCY_COLUMNS,
    ...derivedColumns('latency_p50_ratio_to_baseline'),
    ...derivedColumns('latency_p99_ratio_to_baseline'),
    'flags',
  ];
  const rows = runViews(results).flatMap((run) => {
    const phase = run.results.equalLoad;
    if (phase === undefined) return [];
    return equalLoadCells(run, phase).map((c) => {
      const trials = phase.trials.filter(
        (t) => cellId(t) === cellId(c) && t.offeredRps === c.offeredRps,
      );
      const ratio = (e: { estimate: number; low: number; high: number } | undefined) =>
        derivedFields(e, e && readEffect(e, { zero: 1, flags: c.flags }));
      return [
        run.results.runId,
        c.stack,
        c.scenario,
        c.validation,
        c.offeredRps,
        ...fractionFields(c.labels),
        c.trials,
        c.valid,
        ...failureFields(trials),
        ...metricFields(c.achievedRps),
        ...SUMMARY_PERCENTILES.flatMap((p) => metricFields(c.latencyUs?.[p])),
        ...ratio(c.ratioToBaseline?.p50),
        ...ratio(c.ratioToBaseline?.p99),
        c.flags.join(';'),
      ];
    });
  });
  return csvDocument(header, rows);
}

/** One row per equal-load trial of every results file. */
export function equalLoadTrialsCsv(results: readonly Results[]): string {
  return trialTable<EqualLoadTrial>(results, (r) => r.equalLoad?.trials ?? [], {
    header: ['offered_rps', 'fraction_of_slowest', 'fraction_of_own'],
    fields: (t) => [t.offeredRps, ...fractionFields(t.labels)],
  });
}

/** `connections` (closed model) or `rate` (open model: offered req/s). */
function levelKind(sweep: Pick<Sweep, 'model'>): string {
  return sweep.model === 'closed' ? 'connections' : 'rate';
}

/** One row per sweep point of every results file. */
export function sweepCsv(results: readonly Results[]): string {
  const header = [
    'run_id',
    'level_kind',
    'level',
    'stack',
    'scenario',
    'validation',
    'trials',
    'measured',
    ...FAILURE_COLUMNS,
    ...metricColumns('rps'),
    ...LATENCY_COLUMNS,
    'knee',
    'flags',
  ];
  const rows = runViews(results).flatMap((run) => {
    const sweep = run.results.sweep;
    if (sweep === undefined) return [];
    return sweepPoints(run, sweep).map((p) => [
      run.results.runId,
      levelKind(sweep),
      p.level,
      p.stack,
      p.scenario,
      p.validation,
      p.trials,
      p.measured,
      ...failureFields(sweep.trials.filter((t) => cellId(t) === cellId(p) && t.level === p.level)),
      ...metricFields(p.rps),
      ...SUMMARY_PERCENTILES.flatMap((k) => metricFields(p.latencyUs?.[k])),
      kneeOf(sweep, p) === p.level,
      p.flags.join(';'),
    ]);
  });
  return csvDocument(header, rows);
}

/** One row per sweep trial of every results file. */
export function sweepTrialsCsv(results: readonly Results[]): string {
  return trialTable<SweepTrial>(results, (r) => r.sweep?.trials ?? [], {
    header: ['level_kind', 'level'],
    fields: (t, r) => [r.sweep && levelKind(r.sweep), t.level],
  });
}
