/**
 * Latency at equal offered load (results.json `equalLoad`): every stack at the same open-model
 * arrival rates, latency from each request's intended send time, with intervals and the p99
 * ratio to node:http paired by round. This, not the saturated phase's closed-model latency,
 * is the report's latency comparison: a closed-model latency is Little's law of its own
 * throughput (connections ÷ req/s), so it re-plots the throughput chart.
 */
import type { EqualLoad, EqualLoadCell } from '../shared/results/schema.js';
import { readEffect, ratioEffectText } from './effects.js';
import type { Note, ReportSection } from './report-model.js';
import {
  cellColumns,
  flagsColumn,
  latencyColumns,
  pointRanks,
  scenariosOf,
} from './point-table.js';
import { type RunView, stackLabel } from './runs.js';
import { type Column, buildTable, cell, formatRps } from './table.js';

/** `50 % of slowest`, `25 % of own`: what an offered rate stands for. */
export function loadLabel(c: Pick<EqualLoadCell, 'labels'>): string {
  return c.labels
    .map((l) => `${Math.round(l.fraction * 100)} % of ${l.basis === 'own' ? 'own' : 'slowest'}`)
    .join(', ');
}

/** The phase's cells in report order: scenario, validation, offered rate, then stack. */
export function equalLoadCells(run: RunView, phase: EqualLoad): EqualLoadCell[] {
  const rank = pointRanks(run, phase.summary);
  return [...phase.summary].sort(
    (a, b) =>
      rank.scenario(a) - rank.scenario(b) ||
      a.validation.localeCompare(b.validation) ||
      a.offeredRps - b.offeredRps ||
      rank.stack(a) - rank.stack(b),
  );
}

export const EQUAL_LOAD_LEGEND =
  'Every stack offered the same arrival rate (open model: requests sent on a schedule, ' +
  'whatever the latency; latency from each request’s intended send time, so a stall is not ' +
  'hidden). Rates are fractions of the slowest stack’s saturated capacity (the same for every ' +
  'stack) or of each stack’s own; medians over rounds with 95 % CIs; p99 vs node:http is the ' +
  'ratio at the same offered rate, paired by round. The scenario sections’ latencies come ' +
  'from the saturated (closed-model) phase, where latency is connections ÷ throughput: read ' +
  'them as a consequence of throughput, not as a latency comparison.';

export function equalLoadSection(run: RunView): ReportSection | undefined {
  const phase = run.results.equalLoad;
  if (phase === undefined || phase.summary.length === 0) return undefined;
  const columns: Column<EqualLoadCell>[] = [
    ...cellColumns<EqualLoadCell>(run),
    {
      header: 'Offered (req/s)',
      align: 'right',
      cell: (c) => cell(formatRps(c.offeredRps), c.offeredRps),
    },
    { header: 'Load', cell: (c) => cell(loadLabel(c)) },
    {
      header: 'Achieved (req/s)',
      align: 'right',
      cell: (c) => cell(formatRps(c.achievedRps?.estimate), c.achievedRps?.estimate),
    },
    ...latencyColumns<EqualLoadCell>(),
    {
      header: 'p99 vs node:http',
      align: 'right',
      cell: (c) => {
        const r = c.ratioToBaseline?.p99;
        return cell(
          r === undefined ? '—' : ratioEffectText(readEffect(r, { zero: 1, flags: c.flags })),
          r?.estimate,
        );
      },
    },
    { header: 'Trials', align: 'right', cell: (c) => cell(`${c.valid}/${c.trials}`, c.valid) },
    flagsColumn<EqualLoadCell>(),
  ];
  const cells = equalLoadCells(run, phase);
  const notes: Note[] = [];
  for (const c of cells) {
    const subject = `${stackLabel(run, c.stack)} · ${c.scenario} · ${c.validation} at ${formatRps(c.offeredRps)} req/s`;
    if (c.flags.includes('no-valid-trials'))
      notes.push({
        subject,
        text: 'no valid trial at this rate (errors, timeouts or dropped requests): the stack did not hold it, or the driver fell behind its schedule',
      });
    if (c.flags.includes('capacity-floor'))
      notes.push({
        subject,
        text: 'its rate derives from a capacity the saturated phase only bounds from below (the server was not saturated there)',
      });
    if (c.flags.includes('rate-not-held'))
      notes.push({ subject, text: 'achieved less than 90 % of the offered rate' });
  }
  return {
    kind: 'equal-load',
    title: `Latency at equal offered load (${phase.driver}, open model)`,
    anchor: 'equal-load',
    tables: [{ id: 'equal-load', table: buildTable(columns, cells), compact: false }],
    paragraphs: [{ text: EQUAL_LOAD_LEGEND, role: 'legend' }],
    notes,
    charts: scenariosOf(cells).map((scenario) => ({ kind: 'equal-load' as const, scenario })),
  };
}

/**
 * The headline's latency: the rate every stack was offered (basis `slowest`) nearest to half
 * the slowest stack's capacity, and each stack's cell there; undefined without one.
 */
export function headlineEqualLoad(
  run: RunView,
  scenario: string,
  validation: string,
): { offeredRps: number; cell(stack: string): EqualLoadCell | undefined } | undefined {
  const shared = (run.results.equalLoad?.summary ?? []).filter(
    (c) =>
      c.scenario === scenario &&
      c.validation === validation &&
      c.labels.some((l) => l.basis === 'slowest'),
  );
  const distance = (c: EqualLoadCell) =>
    Math.min(
      ...c.labels.filter((l) => l.basis === 'slowest').map((l) => Math.abs(l.fraction - 0.5)),
    );
  const best = [...shared].sort(
    (a, b) => distance(a) - distance(b) || a.offeredRps - b.offeredRps,
  )[0];
  if (best === undefined) return undefined;
  return {
    offeredRps: best.offeredRps,
    cell: (stack) => shared.find((c) => c.stack === stack && c.offeredRps === best.offeredRps),
  };
}
