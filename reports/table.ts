/**
 * Shared table code: number formatting, a column model and the markdown table writer.
 *
 * Every formatter is deterministic (fixed `en-US` grouping, no locale or clock input) and
 * prints "—" for a missing or non-finite value instead of inventing one. Negative numbers
 * use the typographic minus (U+2212), ranges an en dash (`30,880–31,610`), or " to " when a
 * bound is negative (`−8.0 to −4.1`) so the dash is never read as a minus.
 */

/** What a table shows where there is no number. */
export const DASH = '—';
const MINUS = '\u2212';

export type Align = 'left' | 'right' | 'center';

/** One table cell: its text, and the value a sortable (HTML) table orders it by. */
export interface TableCell {
  text: string;
  /** Numbers sort numerically, strings by code point; undefined sorts last. */
  sort?: number | string | undefined;
}

/** A rendered-format-neutral table: markdown and HTML both print it. */
export interface Table {
  headers: string[];
  align: Align[];
  rows: TableCell[][];
}

/** A column of a table of rows `R`. */
export interface Column<R> {
  header: string;
  /** @default 'left' */
  align?: Align;
  cell(row: R): TableCell;
}

/** Builds a table from columns and rows. */
export function buildTable<R>(columns: readonly Column<R>[], rows: readonly R[]): Table {
  return {
    headers: columns.map((c) => c.header),
    align: columns.map((c) => c.align ?? 'left'),
    rows: rows.map((row) => columns.map((c) => c.cell(row))),
  };
}

/** A cell whose text is `text`, sorted by `sort` (by default the text; empty and "—" sort last). */
export function cell(text: string, sort?: number | string): TableCell {
  return { text, sort: sort ?? (text === DASH || text === '' ? undefined : text) };
}

/** Escapes text for one markdown table cell: pipes and backslashes, newlines become spaces. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Escapes free text (names from a results file) so markdown shows it literally. */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

/**
 * A GitHub-flavoured markdown table, columns padded to equal width so the source reads as a
 * table too. Cells are escaped here: pass plain text.
 */
export function markdownTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[] = [],
): string {
  const width = headers.length;
  for (const [i, row] of rows.entries()) {
    if (row.length !== width) {
      throw new RangeError(
        `Expected every markdown table row to have ${width} cells, got ${row.length} in row ${i + 1}`,
      );
    }
  }
  const escaped = [headers, ...rows].map((row) => row.map(escapeMarkdownCell));
  const widths = headers.map((_, c) =>
    Math.max(3, ...escaped.map((row) => displayWidth(row[c] ?? ''))),
  );
  const pad = (text: string, c: number): string => {
    const fill = ' '.repeat((widths[c] ?? 0) - displayWidth(text));
    return align[c] === 'right' ? fill + text : text + fill;
  };
  const line = (row: readonly string[]): string =>
    `| ${row.map((text, c) => pad(text, c)).join(' | ')} |`;
  const rule = widths.map((w, c) => {
    const a = align[c] ?? 'left';
    if (a === 'right') return `${'-'.repeat(w - 1)}:`;
    if (a === 'center') return `:${'-'.repeat(w - 2)}:`;
    return '-'.repeat(w);
  });
  const [head = [], ...body] = escaped;
  return [line(head), `| ${rule.join(' | ')} |`, ...body.map(line)].join('\n');
}

/** Code points, which is what a monospace editor shows for the text we print (no wide CJK). */
function displayWidth(text: string): number {
  return [...text].length;
}

/** Renders a {@link Table} as markdown. */
export function tableToMarkdown(table: Table): string {
  return markdownTable(
    table.headers,
    table.rows.map((row) => row.map((c) => c.text)),
    table.align,
  );
}

// ---------------------------------------------------------------------------------------
// Numbers

const formatters = new Map<number, Intl.NumberFormat>();

/** `n` with `digits` decimals and thousands separators: `formatNumber(31204.4, 0)` → `31,204`. */
export function formatNumber(n: number | undefined, digits = 0): string {
  if (n === undefined || !Number.isFinite(n)) return DASH;
  let f = formatters.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: true,
    });
    formatters.set(digits, f);
  }
  // Round first so -0.04 prints as 0.0, not −0.0.
  const factor = 10 ** digits;
  const rounded = Math.round(n * factor) / factor;
  const text = f.format(rounded === 0 ? 0 : rounded);
  return text.startsWith('-') ? MINUS + text.slice(1) : text;
}

/** Like {@link formatNumber}, with a sign always shown: `+1.8`, `−6.2`, `0.0`. */
export function formatSigned(n: number | undefined, digits = 0): string {
  const text = formatNumber(n, digits);
  if (text === DASH || text.startsWith(MINUS) || Number(text.replace(/,/g, '')) === 0) return text;
  return `+${text}`;
}

/** A range: `30,880–31,610`, or `−8.0 to −4.1` when a bound carries a sign. */
export function formatRange(low: string, high: string): string {
  const signed = /^[+\u2212]/.test(low) || /^[+\u2212]/.test(high);
  return signed ? `${low} to ${high}` : `${low}–${high}`;
}

/**
 * An interval estimate: `31,204 (30,880–31,610)`, or with a unit after the estimate only:
 * `0.62× (0.60–0.64)`. Without the bracket when low and high print as the estimate.
 */
export function formatEstimate(
  value: { estimate: number; low: number; high: number } | undefined,
  format: (n: number) => string,
  unit = '',
): string {
  if (!value || !Number.isFinite(value.estimate)) return DASH;
  const text = format(value.estimate);
  if (!Number.isFinite(value.low) || !Number.isFinite(value.high)) return `${text}${unit}`;
  const low = format(value.low);
  const high = format(value.high);
  if (low === text && high === text) return `${text}${unit}`;
  return `${text}${unit} (${formatRange(low, high)})`;
}

/** Requests per second, whole numbers: `31,204`. */
export function formatRps(n: number | undefined): string {
  return formatNumber(n, 0);
}

/** A ratio: `0.62×`. */
export function formatRatio(n: number | undefined): string {
  const text = formatNumber(n, 2);
  return text === DASH ? DASH : `${text}×`;
}

/** Microseconds of CPU: one decimal below 1,000 µs, whole numbers above: `55.3 µs`. */
export function formatMicros(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return DASH;
  return `${formatNumber(n, Math.abs(n) < 1000 ? 1 : 0)} µs`;
}

/**
 * A latency given in microseconds, in the unit that reads best: `850 µs`, `5.42 ms`,
 * `12.3 ms`, `1.20 s`. Each value carries its unit.
 */
export function formatLatency(us: number | undefined): string {
  if (us === undefined || !Number.isFinite(us)) return DASH;
  const abs = Math.abs(us);
  if (abs < 1000) return `${formatNumber(us, 0)} µs`;
  if (abs < 10_000) return `${formatNumber(us / 1000, 2)} ms`;
  if (abs < 1_000_000) return `${formatNumber(us / 1000, 1)} ms`;
  return `${formatNumber(us / 1_000_000, 2)} s`;
}

/** A percentage given in percent: `14.2 %`. */
export function formatPercent(n: number | undefined, digits = 1): string {
  const text = formatNumber(n, digits);
  return text === DASH ? DASH : `${text} %`;
}

/** Bytes in binary units: `62.4 MiB`. */
export function formatBytes(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return DASH;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, unit === 0 ? 0 : 1)} ${units[unit]}`;
}
