/** Comparison output: a terminal table, markdown for a PR comment or job summary, JSON. */
import { formatNumber, markdownTable } from '../../reports/table.js';
import { METRICS, type Comparison, type ComparisonRow } from './compare.js';

const ICON: Record<ComparisonRow['verdict'], string> = {
  improvement: '✅ improvement',
  regression: '❌ regression',
  'no change': 'no change',
  'too noisy': '⚠️ too noisy',
};

const value = (row: ComparisonRow, v: number) =>
  row.metric === 'rps'
    ? formatNumber(v)
    : row.metric === 'p99'
      ? `${formatNumber(v)} µs`
      : formatNumber(v, 1);

function cells(row: ComparisonRow, icons: boolean): string[] {
  const pct = (r: number) => `${r >= 1 ? '+' : ''}${formatNumber((r - 1) * 100, 1)} %`;
  return [
    `${row.stack} · ${row.scenario} · ${row.validation}`,
    METRICS[row.metric].label,
    `${value(row, row.baseMedian)} (n=${row.baseN})`,
    `${value(row, row.headMedian)} (n=${row.headN})`,
    Number.isFinite(row.ratio)
      ? `${pct(row.ratio)} [${pct(row.ci.low)}, ${pct(row.ci.high)}]`
      : '—',
    Number.isFinite(row.adjustedP) ? row.adjustedP.toPrecision(2) : '—',
    icons ? ICON[row.verdict] : row.verdict,
  ];
}

const HEADERS = [
  'cell',
  'metric',
  'base median',
  'head median',
  'change [95 % CI]',
  'p (Holm)',
  'verdict',
];
const ALIGN = ['left', 'left', 'right', 'right', 'right', 'right', 'left'] as const;

function headline(c: Comparison, threshold: number): string {
  const n = (v: ComparisonRow['verdict']) => c.rows.filter((r) => r.verdict === v).length;
  return `${c.regressions > 0 ? '❌' : '✅'} ${n('regression')} regression(s), ${n('improvement')} improvement(s), ${n('no change')} no change, ${n('too noisy')} too noisy — threshold ${formatNumber(threshold * 100, 1)} %`;
}

export function comparisonMarkdown(c: Comparison, threshold: number): string {
  const lines = [
    '## stackbench comparison',
    '',
    headline(c, threshold),
    '',
    markdownTable(
      HEADERS,
      c.rows.map((r) => cells(r, true)),
      ALIGN,
    ),
    '',
    '_A change is claimed only when the Holm-adjusted Mann–Whitney p is below α **and** the whole 95 % CI of the ratio of medians lies beyond the threshold; "too noisy" means the interval is too wide to tell._',
  ];
  if (c.unmatched.length > 0)
    lines.push('', `Not compared (in one side only): ${c.unmatched.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export function comparisonText(c: Comparison, threshold: number): string {
  const rows = c.rows.map((r) => cells(r, false));
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
  const line = (r: string[]) =>
    r
      .map((t, i) => (ALIGN[i] === 'right' ? t.padStart(widths[i]!) : t.padEnd(widths[i]!)))
      .join('  ');
  const out = [line(HEADERS), ...rows.map(line), '', headline(c, threshold)];
  if (c.unmatched.length > 0)
    out.push(`Not compared (in one side only): ${c.unmatched.join(', ')}`);
  return out.join('\n');
}

export function comparisonJson(c: Comparison, threshold: number): string {
  return `${JSON.stringify({ threshold, ...c }, null, 2)}\n`;
}
