/**
 * Builds the report model (./report-model.ts) from results files, once: every renderer walks
 * what this returns, so they all show the same sections, in the same order, with the same
 * tables, prose, notes and charts.
 */
import { describePrecision } from '../shared/results/precision-text.js';
import type { Results } from '../shared/results/schema.js';
import { equalLoadSection } from './equal-load-section.js';
import { guideSection } from './guide-section.js';
import { extraSections } from './extra-sections.js';
import { sweepSection } from './sweep-section.js';
import type { ChartKind, ReportModel, ReportSection, RunReport } from './report-model.js';
import { type RunView, hasData, runViews } from './runs.js';
import { SCENARIO_CHARTS } from './scenario-charts.js';
import { headlineLegend, headlineTable, methodsText, notes, scenarioTable } from './sections.js';

const NO_NOTES = 'Every trial was valid; no cell was flagged.';

/** The model of a report on one or more results files (each run in its own part). */
export function reportModel(results: readonly Results[]): ReportModel {
  const runs = runViews(results);
  const only = runs.length === 1 ? runs[0] : undefined;
  return {
    title: only ? `stackbench report: ${only.results.runId}` : 'stackbench report',
    runs: runs.map((run) => runReport(run, only === undefined)),
    ...(runs.length === 0 && { empty: 'No results files were given.' }),
  };
}

function runReport(run: RunView, several: boolean): RunReport {
  const r = run.results;
  return {
    key: run.key,
    ...(several && { heading: `Run ${run.index}: ${r.runId}` }),
    meta:
      `Run ${r.runId} · profile ${r.manifest.profile} · ${r.status} · started ${r.startedAt}` +
      (r.finishedAt ? ` · finished ${r.finishedAt}` : ''),
    sections: runSections(run),
    view: run,
  };
}

function section(
  kind: ReportSection['kind'],
  title: string,
  parts: Partial<Omit<ReportSection, 'kind' | 'title'>>,
): ReportSection {
  return { kind, title, tables: [], paragraphs: [], notes: [], charts: [], ...parts };
}

function runSections(run: RunView): ReportSection[] {
  const out: ReportSection[] = [];
  // Published figures the run answers (the guide's table) come first, beside the measured ones.
  const guide = guideSection(run);
  if (guide !== undefined) out.push(guide);
  const headline = headlineTable(run);
  if (headline) {
    out.push(
      section('headline', `Headline: ${headline.scenario}, validation ${headline.validation}`, {
        tables: [{ id: 'headline', table: headline.table, compact: false }],
        paragraphs: [
          // The run's own precision figure, when it stored one (`stackbench run` does).
          ...(run.results.precision !== undefined
            ? [{ text: describePrecision(run.results.precision), role: 'body' as const }]
            : []),
          { text: headlineLegend(run, headline), role: 'legend' },
        ],
      }),
    );
  }
  if (hasOverhead(run)) {
    out.push(section('overhead', 'Validation overhead', { charts: [{ kind: 'overhead' }] }));
  }
  for (const scenario of run.scenarios) {
    out.push(
      section('scenario', `Scenario: ${scenario}`, {
        scenario,
        tables: [
          { id: `table-${slug(scenario)}`, table: scenarioTable(run, scenario), compact: true },
        ],
        charts: scenarioCharts(run).map((kind) => ({ kind, scenario })),
      }),
    );
  }
  for (const extra of [equalLoadSection(run), sweepSection(run)])
    if (extra !== undefined) out.push(extra);
  out.push(...extraSections(run));
  out.push(
    section('methods', 'Methods', {
      paragraphs: [{ text: methodsText(run).join(' '), role: 'body' }],
    }),
    section('notes', 'Notes', { notes: notes(run), noNotes: NO_NOTES }),
  );
  return out;
}

/**
 * A scenario's charts. With latency at equal offered load in the run, its closed-model latency
 * chart is left out: there latency is connections ÷ throughput, a re-plot of the throughput
 * chart, and the equal-load chart is the latency comparison.
 */
function scenarioCharts(run: RunView): readonly ChartKind[] {
  const equalLoad = (run.results.equalLoad?.summary.length ?? 0) > 0;
  return equalLoad ? SCENARIO_CHARTS.filter((k) => k !== 'latency') : SCENARIO_CHARTS;
}

/** Some cell has a validation overhead to chart (a mode against `off` of the same stack). */
function hasOverhead(run: RunView): boolean {
  return run.cells.some(
    (c) => c.validation !== 'off' && hasData(c) && c.summary.validationOverhead !== undefined,
  );
}

/** `Get Product!` → `get-product`: a stem for element ids. */
export function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
