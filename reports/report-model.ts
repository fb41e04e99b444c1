/**
 * The one report model: what a report says, built once from results files
 * (./build-model.ts) and walked by every renderer — markdown, HTML, the terminal table, and
 * the PNG/SVG charts. Format-neutral: tables are {@link Table}s, prose is plain text (each
 * renderer escapes it for its format), charts are references a renderer draws in its medium.
 */
import type { RunView } from './runs.js';
import type { Table } from './table.js';

/** A note about one cell (or the whole run): who it is about, and what happened. */
export interface Note {
  subject: string;
  text: string;
}

export type ChartKind =
  | 'throughput'
  | 'latency'
  | 'cpu'
  | 'overhead'
  | 'trials'
  | 'capacity'
  | 'drivers'
  | 'equal-load'
  | 'sweep';

/** A chart a section shows: its kind, and the scenario for per-scenario charts. */
export interface ChartRef {
  kind: ChartKind;
  scenario?: string;
}

export interface ModelTable {
  /** Stable stem of the table's element id (HTML prefixes the run key). */
  id: string;
  table: Table;
  /** Short values only: no wrapping inside cells. */
  compact: boolean;
}

/** A paragraph: a legend under a table or chart, or body text. */
export interface Paragraph {
  text: string;
  role: 'legend' | 'body';
}

export type SectionKind =
  | 'guide'
  | 'headline'
  | 'overhead'
  | 'scenario'
  | 'capacity'
  | 'equal-load'
  | 'sweep'
  | 'load-generators'
  | 'container-overhead'
  | 'methods'
  | 'notes';

/**
 * A section of a run's report: a heading, then its tables, paragraphs, notes and charts, in
 * that order. A renderer shows what its format can and leaves a section out when nothing of
 * it is left (markdown has no charts).
 */
export interface ReportSection {
  kind: SectionKind;
  title: string;
  /** The scenario of a `scenario` section. */
  scenario?: string;
  /** Stem of the heading's element id, for sections linked to by name. */
  anchor?: string;
  tables: ModelTable[];
  paragraphs: Paragraph[];
  notes: Note[];
  /** Shown in place of the notes when there are none; absent: nothing is shown. */
  noNotes?: string;
  charts: ChartRef[];
}

export interface RunReport {
  /** `''` for a single results file; `r1`, `r2`, … when several are reported together. */
  key: string;
  /** The run's own heading when several runs share a report, e.g. `Run 2: 20260101-…`. */
  heading?: string;
  /** One line: run id, profile, status, start and finish. */
  meta: string;
  sections: ReportSection[];
  /** The reading of the results file the sections came from (charts draw from it). */
  view: RunView;
}

export interface ReportModel {
  title: string;
  runs: RunReport[];
  /** Shown instead of runs when no results file was given. */
  empty?: string;
}
