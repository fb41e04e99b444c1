/**
 * The HTML report: one self-contained file (chart.js inlined, no network at view time) with
 * the markdown report's tables, sortable by clicking a header, and charts: throughput with
 * CI whiskers, latency percentiles on a log axis, CPU per request, validation overhead, every
 * valid trial per round, and, when the results hold them, latency versus offered rate of the
 * capacity searches and the load generators' ceilings. When every chart has drawn, the page sets
 * `window.__chartsDrawn` to their count (the browser test waits for it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Results } from '../shared/results/schema.js';
import { reportModel } from './build-model.js';
import {
  ERROR_BARS_PLUGIN_SOURCE,
  LEVEL_TICKS_PLUGIN_SOURCE,
  LOG_TICKS_125_PLUGIN_SOURCE,
} from './chart-plugins.js';
import { type ChartSpec, type ChartStyle, chartSpec } from './chart-specs.js';
import type { Renderer } from './renderer.js';
import type { Note, RunReport } from './report-model.js';
import type { Table } from './table.js';

/** chart.js's UMD bundle, read once when this module loads (renderers themselves read no files). */
export const CHART_JS_BUNDLE: string = (() => {
  // The package's exports map hides dist/*: resolve its main file and look beside it.
  const main = createRequire(import.meta.url).resolve('chart.js');
  const text = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8');
  return text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
})();

export interface HtmlOptions {
  /** chart.js UMD source to inline. @default CHART_JS_BUNDLE */
  chartJs?: string;
}

const PAGE_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

/** One self-contained HTML document for one or more results files. */
export function renderHtml(results: readonly Results[], options: HtmlOptions = {}): string {
  const model = reportModel(results);
  const style = { fontFamily: PAGE_FONT, fontSize: 12 };
  const level = model.runs.length === 1 ? 2 : 3;
  const drawn = model.runs.map((run) => runSection(run, style, level));
  const body =
    model.empty !== undefined
      ? `<p>${escapeHtml(model.empty)}</p>`
      : drawn.map((d) => d.html).join('\n');
  const chartData = drawn.flatMap((d) => d.charts).map((s) => ({ id: s.id, config: s.config }));
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(model.title)}</title>`,
    // An empty icon: otherwise the browser asks the server for /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(model.title)}</h1>`,
    '<noscript><p>The charts need JavaScript; the tables do not.</p></noscript>',
    body,
    '</main>',
    `<script type="application/json" id="stackbench-charts">${scriptJson(chartData)}</script>`,
    `<script>${inlineScript(options.chartJs ?? CHART_JS_BUNDLE)}</script>`,
    `<script>${inlineScript(pageScript())}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A run's part of the page, and the charts it places (in page order). */
function runSection(
  run: RunReport,
  style: ChartStyle,
  level: number,
): { html: string; charts: ChartSpec[] } {
  const h = (depth: number, text: string, id?: string): string =>
    `<h${depth}${id ? ` id="${escapeHtml(id)}"` : ''}>${escapeHtml(text)}</h${depth}>`;
  const prefix = run.key === '' ? '' : `${run.key}-`;
  const charts: ChartSpec[] = [];
  const out: string[] = [`<section class="run" id="${escapeHtml(prefix || 'run')}">`];
  if (run.heading !== undefined) out.push(h(2, run.heading));
  out.push(`<p class="meta">${escapeHtml(run.meta)}</p>`);
  for (const section of run.sections) {
    const specs = section.charts.flatMap((ref) => chartSpec(run.view, ref, style) ?? []);
    charts.push(...specs);
    out.push(
      h(
        level,
        section.title,
        section.anchor === undefined ? undefined : `${prefix}${section.anchor}`,
      ),
      ...section.tables.map((t) => tableHtml(t.table, `${prefix}${t.id}`, t.compact)),
      ...section.paragraphs.map((p) =>
        p.role === 'legend' ? `<p class="legend">${prose(p.text)}</p>` : `<p>${prose(p.text)}</p>`,
      ),
    );
    if (section.notes.length > 0 || section.noNotes !== undefined) {
      out.push(notesHtml(section.notes, section.noNotes));
    }
    if (specs.length > 0) out.push(chartsHtml(specs));
  }
  out.push('</section>');
  return { html: out.join('\n'), charts };
}

/** `compact`: no wrapping inside cells (the scenario tables are all short values). */
function tableHtml(table: Table, id: string, compact = false): string {
  const cls = (i: number): string => (table.align[i] === 'right' ? ' class="num"' : '');
  const head = table.headers
    .map(
      (text, i) =>
        `<th scope="col" aria-sort="none"${cls(i)}><button type="button">${escapeHtml(text)}</button></th>`,
    )
    .join('');
  const rows = table.rows.map((row) => {
    const cells = row.map((c, i) => {
      const sort =
        c.sort === undefined
          ? ''
          : typeof c.sort === 'number'
            ? ` data-num="${String(c.sort)}"`
            : ` data-sort="${escapeHtml(c.sort)}"`;
      return `<td${cls(i)}${sort}>${escapeHtml(c.text)}</td>`;
    });
    return `<tr>${cells.join('')}</tr>`;
  });
  return [
    `<div class="table-wrap"><table class="sortable${compact ? ' compact' : ''}" id="${escapeHtml(id)}">`,
    `<thead><tr>${head}</tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table></div>',
  ].join('\n');
}

function chartsHtml(specs: readonly ChartSpec[]): string {
  if (specs.length === 0) return '';
  const figures = specs.map(
    (s) =>
      `<figure><div class="chart-box"><canvas id="${escapeHtml(s.id)}" role="img" aria-label="${escapeHtml(s.description)}"></canvas></div>` +
      `<figcaption>${escapeHtml(s.description)}</figcaption></figure>`,
  );
  return `<div class="charts">\n${figures.join('\n')}\n</div>`;
}

function notesHtml(list: readonly Note[], none = ''): string {
  if (list.length === 0) return `<p>${escapeHtml(none)}</p>`;
  const items = list.map(
    (n) => `<li><strong>${escapeHtml(n.subject)}</strong>: ${prose(n.text)}</li>`,
  );
  return `<ul class="notes">\n${items.join('\n')}\n</ul>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Escaped text in which a number and its `%` never break apart. */
function prose(text: string): string {
  return escapeHtml(text).replace(/(\d) %/g, '$1&nbsp;%');
}

/** JSON inside a <script> element: nothing in it may close the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}

/** Script text inside a <script> element: `</script` would end it early. */
function inlineScript(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script');
}

function pageScript(): string {
  return `
(function () {
  'use strict';
  // Sortable tables: click a header to sort by it, again to reverse; empty cells stay last.
  function sortKey(td) {
    if (td.hasAttribute('data-num')) return Number(td.getAttribute('data-num'));
    if (td.hasAttribute('data-sort')) return td.getAttribute('data-sort');
    return null;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, column) {
      th.querySelector('button').addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        headers.forEach(function (other) { other.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a.cells[column]);
          var y = sortKey(b.cells[column]);
          if (x === null || y === null) return (x === null ? 1 : 0) - (y === null ? 1 : 0);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // Charts.
  var specs = JSON.parse(document.getElementById('stackbench-charts').textContent);
  var errorBars = ${ERROR_BARS_PLUGIN_SOURCE};
  var logTicks125 = ${LOG_TICKS_125_PLUGIN_SOURCE};
  var levelTicks = ${LEVEL_TICKS_PLUGIN_SOURCE};
  var drawn = [];
  var counter = {
    id: 'drawnCounter',
    afterRender: function (chart) {
      if (drawn.indexOf(chart) !== -1) return;
      drawn.push(chart);
      if (drawn.length === specs.length) window.__chartsDrawn = drawn.length;
    }
  };
  var number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  if (specs.length === 0) window.__chartsDrawn = 0;
  specs.forEach(function (spec) {
    var config = spec.config;
    config.options.responsive = true;
    config.options.maintainAspectRatio = false;
    config.options.plugins.tooltip = {
      callbacks: {
        afterLabel: function (item) {
          var bars = item.dataset.errorBars;
          var bar = bars && bars[item.dataIndex];
          return bar ? '95 % CI ' + number.format(bar[0]) + ' to ' + number.format(bar[1]) : '';
        }
      }
    };
    config.plugins = [errorBars, logTicks125, levelTicks, counter];
    try {
      new Chart(document.getElementById(spec.id), config);
    } catch (error) {
      // One broken chart must not take the others down; __chartsDrawn then stays unset.
      console.error('stackbench: chart ' + spec.id + ' failed: ' + (error && error.message));
    }
  });
})();
`;
}

const STYLE = `
:root { color-scheme: light; --fg: #1a1a1a; --muted: #555; --line: #d9d9d9; --head: #f3f3f3; }
body { margin: 0; font-family: ${PAGE_FONT}; color: var(--fg); background: #fff; line-height: 1.45; }
main { max-width: 1440px; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
.meta, .legend, figcaption { color: var(--muted); font-size: .9rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: .88rem; min-width: 100%; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--head); vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, td:first-child, table.compact td { white-space: nowrap; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
th[aria-sort="ascending"] button::after { content: " ▲"; font-size: .7em; }
th[aria-sort="descending"] button::after { content: " ▼"; font-size: .7em; }
tbody tr:nth-child(even) { background: #fafafa; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 1rem 1.5rem; margin: 1rem 0; }
figure { margin: 0; }
.chart-box { position: relative; height: 400px; }
.notes li { margin: .25rem 0; }
`;

export const htmlRenderer: Renderer = {
  format: 'html',
  render: (results) => [{ file: 'report.html', data: renderHtml(results) }],
};
