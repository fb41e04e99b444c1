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
import type { Results } from '../runner/results/schema.js';
import { ERROR_BARS_PLUGIN_SOURCE, LOG_TICKS_125_PLUGIN_SOURCE } from './chart-plugins.js';
import { type ChartSpec, SCENARIO_CHARTS, chartSpecs } from './chart-specs.js';
import { extraSections } from './extra-sections.js';
import type { Renderer } from './renderer.js';
import { type RunView, runViews } from './runs.js';
import {
  type Note,
  headlineLegend,
  headlineTable,
  methodsText,
  notes,
  scenarioTable,
} from './sections.js';
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
  const runs = runViews(results);
  const specs = chartSpecs(results, { fontFamily: PAGE_FONT, fontSize: 12 });
  const only = runs.length === 1 ? runs[0] : undefined;
  const title = only ? `stackbench report: ${only.results.runId}` : 'stackbench report';
  const body =
    runs.length === 0
      ? '<p>No results files were given.</p>'
      : runs.map((run) => runSection(run, specs, only ? 2 : 3)).join('\n');
  const chartData = specs.map((s) => ({ id: s.id, config: s.config }));
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    // An empty icon: otherwise the browser asks the server for /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(title)}</h1>`,
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

function runSection(run: RunView, specs: readonly ChartSpec[], level: number): string {
  const h = (depth: number, text: string, id?: string): string =>
    `<h${depth}${id ? ` id="${escapeHtml(id)}"` : ''}>${escapeHtml(text)}</h${depth}>`;
  const r = run.results;
  const prefix = run.key === '' ? '' : `${run.key}-`;
  const mine = specs.filter((s) => s.run === run.key);
  const out: string[] = [`<section class="run" id="${escapeHtml(prefix || 'run')}">`];
  if (level > 2) out.push(h(2, `Run ${run.index}: ${r.runId}`));
  out.push(
    `<p class="meta">${escapeHtml(
      `Run ${r.runId} · profile ${r.manifest.profile} · ${r.status} · started ${r.startedAt}` +
        (r.finishedAt ? ` · finished ${r.finishedAt}` : ''),
    )}</p>`,
  );
  const headline = headlineTable(run);
  if (headline) {
    out.push(
      h(level, `Headline: ${headline.scenario}, validation ${headline.validation}`),
      tableHtml(headline.table, `${prefix}headline`),
      `<p class="legend">${prose(headlineLegend(run, headline))}</p>`,
    );
  }
  const overhead = mine.filter((s) => s.kind === 'overhead');
  if (overhead.length > 0) out.push(h(level, 'Validation overhead'), chartsHtml(overhead));
  for (const scenario of run.scenarios) {
    out.push(
      h(level, `Scenario: ${scenario}`),
      tableHtml(scenarioTable(run, scenario), `${prefix}table-${slug(scenario)}`, true),
      chartsHtml(mine.filter((s) => s.scenario === scenario && SCENARIO_CHARTS.includes(s.kind))),
    );
  }
  for (const section of extraSections(run)) {
    const charts =
      section.id === 'capacity'
        ? mine.filter((s) => s.kind === 'capacity')
        : section.id === 'load-generators'
          ? mine.filter((s) => s.kind === 'drivers')
          : [];
    out.push(
      h(level, section.title, `${prefix}${section.id}`),
      tableHtml(section.table, `${prefix}table-${section.id}`, section.id !== 'capacity'),
      ...section.paragraphs.map((p) => `<p class="legend">${prose(p)}</p>`),
      ...(section.notes.length > 0 ? [notesHtml(section.notes)] : []),
      ...(charts.length > 0 ? [chartsHtml(charts)] : []),
    );
  }
  out.push(h(level, 'Methods'), `<p>${prose(methodsText(r).join(' '))}</p>`);
  out.push(h(level, 'Notes'), notesHtml(notes(run)), '</section>');
  return out.join('\n');
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

function notesHtml(list: readonly Note[]): string {
  if (list.length === 0) return '<p>Every trial was valid; no cell was flagged.</p>';
  const items = list.map(
    (n) => `<li><strong>${escapeHtml(n.subject)}</strong>: ${prose(n.text)}</li>`,
  );
  return `<ul class="notes">\n${items.join('\n')}\n</ul>`;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
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
    config.plugins = [errorBars, logTicks125, counter];
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
