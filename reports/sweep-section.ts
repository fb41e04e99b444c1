/**
 * A sweep (results.json `sweep`): throughput and latency of every stack per level of the work
 * — connections (closed model) or offered req/s (open model) — with each cell's knee.
 */
import type { Sweep, SweepPoint } from '../shared/results/schema.js';
import type { ReportSection } from './report-model.js';
import {
  cellColumns,
  flagsColumn,
  latencyColumns,
  pointRanks,
  scenariosOf,
} from './point-table.js';
import { type RunView, stackLabel } from './runs.js';
import { type Column, buildTable, cell, formatEstimate, formatNumber, formatRps } from './table.js';

/** `connections` or `offered req/s`: what a level is. */
export function levelName(sweep: Pick<Sweep, 'model'>): string {
  return sweep.model === 'closed' ? 'connections' : 'offered req/s';
}

/** The knee's level of a cell (undefined: none within the sweep). */
export function kneeOf(
  sweep: Sweep,
  c: { stack: string; scenario: string; validation: string },
): number | undefined {
  const k = sweep.knees.find(
    (x) => x.stack === c.stack && x.scenario === c.scenario && x.validation === c.validation,
  );
  return k?.level ?? undefined;
}

/** The sweep's points in report order: scenario, stack, level. */
export function sweepPoints(run: RunView, sweep: Sweep): SweepPoint[] {
  const rank = pointRanks(run, sweep.summary);
  return [...sweep.summary].sort(
    (a, b) =>
      rank.scenario(a) - rank.scenario(b) ||
      rank.stack(a) - rank.stack(b) ||
      a.validation.localeCompare(b.validation) ||
      a.level - b.level,
  );
}

export function sweepSection(run: RunView): ReportSection | undefined {
  const sweep = run.results.sweep;
  if (sweep === undefined || sweep.summary.length === 0) return undefined;
  const points = sweepPoints(run, sweep);
  const columns: Column<SweepPoint>[] = [
    ...cellColumns<SweepPoint>(run),
    {
      header: levelName(sweep)[0]!.toUpperCase() + levelName(sweep).slice(1),
      align: 'right',
      cell: (p) =>
        cell(`${formatNumber(p.level)}${kneeOf(sweep, p) === p.level ? ' (knee)' : ''}`, p.level),
    },
    {
      header: 'req/s (95 % CI)',
      align: 'right',
      cell: (p) => cell(formatEstimate(p.rps, formatRps), p.rps?.estimate),
    },
    ...latencyColumns<SweepPoint>(),
    {
      header: 'Trials',
      align: 'right',
      cell: (p) => cell(`${p.measured}/${p.trials}`, p.measured),
    },
    flagsColumn<SweepPoint>(),
  ];
  const gain = formatNumber(sweep.knee.minThroughputGain * 100);
  const growth = formatNumber(sweep.knee.minLatencyGrowth * 100);
  return {
    kind: 'sweep',
    title: `Sweep over ${levelName(sweep)} (${sweep.model} model)`,
    anchor: 'sweep',
    tables: [{ id: 'sweep', table: buildTable(columns, points), compact: false }],
    paragraphs: [
      {
        text:
          `Each stack at every level (${sweep.levels.map((l) => formatNumber(l)).join(', ')} ${levelName(sweep)}), ` +
          `a fresh server each, in shuffled rounds; medians over rounds with 95 % CIs. The knee is the ` +
          `last level before the first step where throughput gained less than ${gain} % while p99 grew ` +
          `more than ${growth} %: one step further buys latency, not throughput.`,
        role: 'legend',
      },
    ],
    notes: sweep.knees.map((k) => ({
      subject: `${stackLabel(run, k.stack)} · ${k.scenario} · ${k.validation}`,
      text:
        k.level === null
          ? `no knee within the sweep (${k.because})`
          : `knee at ${formatNumber(k.level)} ${levelName(sweep)} (${k.because})`,
    })),
    charts: scenariosOf(points).map((scenario) => ({ kind: 'sweep' as const, scenario })),
  };
}
