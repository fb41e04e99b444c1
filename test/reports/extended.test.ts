/**
 * The optional parts of a results file: capacity under an SLO, the load generators' ceilings
 * and the container overhead, rendered from test/fixtures/results-extended.json.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { logCeil125, niceCeil, chartSpecs } from '../../reports/chart-specs.js';
import { renderCharts } from '../../reports/charts.js';
import { capacityCsv, csvRenderer, driverCeilingsCsv } from '../../reports/csv.js';
import { logTicks125Plugin } from '../../reports/chart-plugins.js';
import { sloLimitUs } from '../../reports/extra-sections.js';
import { CHART_JS_BUNDLE, renderHtml } from '../../reports/html.js';
import { renderReports } from '../../reports/index.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { Results } from '../../runner/results/schema.js';
import { parseSlo } from '../../runner/capacity/slo.js';
import { upgradeResults } from '../../runner/results/migrate.js';
import {
  extendedFixture,
  extendedFixtureJson,
  extendedVariant,
  fixture,
  fixtureJson,
} from './fixture.js';
import { expectGolden } from './golden.js';

const PLACEHOLDER = '/* chart.js UMD bundle (inlined from node_modules/chart.js) */';

/** The lines of the markdown section under `heading`, up to the next heading of any level. */
function section(markdown: string, heading: RegExp): string[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  if (start === -1) throw new Error(`no heading matching ${String(heading)}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith('#'));
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

/** Body rows of the first table in `lines`, as trimmed cells. */
function tableRows(lines: readonly string[]): string[][] {
  const rows = lines.filter((l) => l.startsWith('|'));
  return rows.slice(2).map((row) =>
    row
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim()),
  );
}

function records(text: string): Record<string, string>[] {
  return parse(text, { columns: true, record_delimiter: '\r\n', relax_column_count: false });
}

describe('test/fixtures/results-extended.json', () => {
  it('is a legal results file: results-small.json plus the three optional parts', () => {
    const parsed = Results.safeParse(upgradeResults(extendedFixtureJson()));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    const r = extendedFixture();
    const small = fixture();
    expect(r.trials).toEqual(small.trials);
    expect(r.summary).toEqual(small.summary);
    expect(r.manifest.isolation).toBe('docker');
    expect(r.calibration.containerOverhead?.rounds).toBe(3);
    expect(r.calibration.driverCeilings?.map((d) => d.driver)).toEqual(['autocannon', 'wrk', 'k6']);
    expect(r.capacity?.map((c) => [c.stack, c.scenario, c.sustainableRps])).toEqual([
      ['fastify', 'get-product', 10840],
      ['express', 'get-product', null],
    ]);
    // The small fixture keeps none of them (other tests depend on it).
    const raw = fixtureJson() as Record<string, unknown>;
    expect(raw.capacity).toBeUndefined();
    expect(small.calibration.driverCeilings).toBeUndefined();
    expect(small.calibration.containerOverhead).toBeUndefined();
  });
});

describe('sloLimitUs', () => {
  it.each([
    ['p99<50ms', 50_000],
    ['p99<=2.5ms', 2_500],
    ['p99<800us', 800],
    ['p99<800µs', 800],
    ['p99<1s', 1_000_000],
    ['p50<5ms,p99<200ms', 200_000],
    ['p99<200ms,p99<50ms', 50_000],
  ])('%s → %s µs on p99', (slo, us) => {
    expect(sloLimitUs({ sloRules: parseSlo(slo).rules })).toBe(us);
  });

  it('reads other percentiles when asked, and nothing from an SLO without rules', () => {
    const rules = (slo: string) => ({ sloRules: parseSlo(slo).rules });
    expect(sloLimitUs(rules('p50<5ms,p99.9<200ms'), 'p999')).toBe(200_000);
    expect(sloLimitUs(rules('p50<5ms'), 'p50')).toBe(5_000);
    expect(sloLimitUs(rules('p50<5ms'))).toBeUndefined();
    expect(sloLimitUs({ sloRules: [] })).toBeUndefined();
  });

  it('reads the rules the run recorded, not the SLO text', () => {
    expect(sloLimitUs({ sloRules: [{ percentile: 'p99', op: '<', limitUs: 7_000 }] })).toBe(7_000);
  });
});

describe('logTicks125 plugin', () => {
  type Hook = (chart: unknown, args: unknown, options: unknown) => void;
  const hook = logTicks125Plugin().afterBuildTicks as unknown as Hook;
  const ticks = [2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((value) => ({
    value,
  }));

  it('keeps the 1-2-5 ticks of the axis it is asked for', () => {
    const scale = { id: 'y', type: 'logarithmic', ticks: [...ticks] };
    hook({}, { scale }, { axis: 'y' });
    expect(scale.ticks.map((t) => t.value)).toEqual([2, 5, 10, 20, 50, 100]);
  });

  it('leaves other axes, linear axes and charts without the option alone', () => {
    for (const [scale, options] of [
      [{ id: 'x', type: 'logarithmic', ticks: [...ticks] }, { axis: 'y' }],
      [{ id: 'y', type: 'linear', ticks: [...ticks] }, { axis: 'y' }],
      [{ id: 'y', type: 'logarithmic', ticks: [...ticks] }, {}],
    ] as const) {
      hook({}, { scale }, options);
      expect(scale.ticks).toHaveLength(ticks.length);
    }
  });
});

describe('axis helpers', () => {
  it.each([
    [88.4, 100],
    [31, 50],
    [12, 20],
    [5, 5],
    [0.7, 1],
  ])('logCeil125(%s) is %s', (n, expected) => {
    expect(logCeil125(n)).toBe(expected);
  });

  it.each([
    [12_304.95, 14_000],
    [830, 840],
    [0, 1],
  ])('niceCeil(%s) is %s', (n, expected) => {
    expect(niceCeil(n)).toBe(expected);
  });
});

describe('markdown: capacity, load generators, container overhead', () => {
  const results = extendedFixture();
  const markdown = renderMarkdown([results]);

  it('matches the golden file', () => {
    expectGolden('report-extended.md', markdown);
  });

  it('puts the new sections after the scenarios and before the methods', () => {
    const headings = markdown.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## Headline: json, validation zod',
      '## Scenario: json',
      '## Scenario: get-product',
      '## Capacity under SLO',
      '## Load generators',
      '## Container overhead',
      '## Methods',
      '## Notes',
    ]);
  });

  it('prints the sustainable rate, and — with a note when even the first step failed', () => {
    const lines = section(markdown, /^## Capacity under SLO$/);
    const rows = tableRows(lines);
    // Stacks in STACKS order, whatever their order in the file.
    expect(rows.map((r) => r[0])).toEqual(['Express 5', 'Fastify 5']);
    const [express, fastify] = rows;
    expect(fastify?.slice(1, 8)).toEqual([
      'get-product',
      'zod',
      'k6',
      'p99<50ms',
      '10,840',
      '7 (5 passed)',
      '6,000–11,719',
    ]);
    expect(express?.[5]).toBe('—');
    expect(express?.[6]).toBe('3 (0 passed)');
    const text = lines.join('\n');
    expect(text).toContain(
      '- **Express 5 · get-product · zod (k6, SLO p99\\<50ms)**: no sustainable rate (—): even the ' +
        'first step, 3,000 req/s, failed: 41 failed of 89777 (0.05 % \\> budget 0.00 %). So did ' +
        'every step tried after it, down to 1,333 req/s.',
    );
    expect(text).not.toMatch(/Fastify 5 · get-product · zod \(k6/);
  });

  it('marks a generator-bound search as a floor', () => {
    const md = renderMarkdown([
      extendedVariant((v) => {
        const fastify = v.capacity?.find((c) => c.stack === 'fastify');
        if (fastify) fastify.flags = ['generator-bound'];
      }),
    ]);
    const lines = section(md, /^## Capacity under SLO$/);
    expect(tableRows(lines).find((r) => r[0] === 'Fastify 5')?.[5]).toBe('≥ 10,840');
    expect(lines.join('\n')).toContain('10,840 req/s is a floor: the server may hold more.');
  });

  it('judges a polling generator by its work, not its full CPU', () => {
    const md = renderMarkdown([
      extendedVariant((v) => {
        const first = v.calibration.driverCeilings?.[0];
        if (first) first.generatorWorkPercent = 40;
      }),
    ]);
    const row = tableRows(section(md, /^## Load generators$/))[0]!;
    // CPU 98.1 % (full: it polls), at work 40 %: not at its limit.
    expect(row.slice(4, 6)).toEqual(['98.1 %', '40.0 %']);
    expect(row.at(-1)).toBe('');
  });

  it('has one load-generator row per driver, with its numbers and whether it was at its CPU limit', () => {
    const lines = section(markdown, /^## Load generators$/);
    const rows = tableRows(lines);
    expect(rows).toHaveLength(results.calibration.driverCeilings?.length ?? -1);
    expect(rows).toEqual([
      [
        'autocannon',
        '8.0.0',
        'node:http · json',
        '21,450',
        '98.1 %',
        '—',
        '82.4 %',
        '4.47 ms',
        '9.10 ms',
        'generator-bound',
      ],
      [
        'wrk',
        '4.2.0',
        'node:http · json',
        '38,900',
        '61.2 %',
        '—',
        '99.6 %',
        '2.48 ms',
        '5.23 ms',
        '',
      ],
      [
        'k6',
        '1.3.0',
        'node:http · json',
        '14,200',
        '99.3 %',
        '—',
        '58.1 %',
        '6.80 ms',
        '14.9 ms',
        'generator-bound',
      ],
    ]);
    const text = lines.join(' ');
    expect(text).toContain('measures itself, not the server');
    expect(text).toContain('**k6 1.3.0**: generator-bound');
    expect(text).not.toContain('**wrk 4.2.0**');
  });

  it('compares process and container, with the caveats and the docker memory note', () => {
    const lines = section(markdown, /^## Container overhead$/);
    expect(tableRows(lines)).toEqual([
      ['Throughput (req/s)', '19,910', '19,270', '−3.2 %'],
      ['CPU per request', '51.2 µs', '53.6 µs', '+4.7 %'],
      ['p99 latency', '9.38 ms', '9.91 ms', '+5.7 %'],
    ]);
    const text = lines.join(' ');
    expect(text).toContain('Medians over 3 interleaved rounds of node:http json');
    expect(text).toContain('There is no confidence interval');
    expect(text).toContain('can be within noise');
    expect(text).toContain("container cgroup's working set, not a process's VmRSS");
    const methods = section(markdown, /^## Methods$/).join(' ');
    expect(methods).toContain(
      'Container overhead: node:http json in a container ran at −3.2 % req/s and +4.7 % CPU per request',
    );
    expect(section(markdown, /^## Headline/).join(' ')).toContain(
      'Every server ran in a container; on node:http json that changed req/s by −3.2 %',
    );
  });

  it('leaves the docker notes out when memory was a process RSS, and says when a docker run did not measure the overhead', () => {
    const processRun = renderMarkdown([
      extendedVariant((v) => {
        v.manifest.isolation = 'process';
        delete v.manifest.memory;
      }),
    ]);
    expect(processRun).toContain('## Container overhead');
    expect(processRun).not.toContain('VmRSS');
    expect(section(processRun, /^## Methods$/).join(' ')).not.toContain('Container overhead');
    // What the file says decides, not the isolation's name.
    const named = renderMarkdown([
      extendedVariant((v) => {
        v.manifest.memory = 'process-rss';
      }),
    ]);
    expect(named).not.toContain('VmRSS');
    const unmeasured = renderMarkdown([
      extendedVariant((v) => {
        delete v.calibration.containerOverhead;
      }),
    ]);
    expect(unmeasured).not.toContain('## Container overhead');
    expect(section(unmeasured, /^## Methods$/).join(' ')).toContain(
      'Container overhead: not measured in this run',
    );
  });

  it('adds nothing to a results file without the optional parts', () => {
    const md = renderMarkdown([fixture()]);
    for (const heading of ['Capacity under SLO', 'Load generators', 'Container overhead']) {
      expect(md).not.toContain(`## ${heading}`);
    }
  });

  it('renders a results file that holds only capacity searches (stackbench capacity)', () => {
    const r = extendedVariant((v) => {
      v.trials = [];
      v.summary = [];
      v.plan = [];
      v.calibration = {};
    });
    const md = renderMarkdown([r]);
    expect(tableRows(section(md, /^## Capacity under SLO$/))).toHaveLength(2);
    const specs = chartSpecs([r], { fontFamily: 'x' });
    expect(specs.map((s) => s.id)).toEqual(['capacity-get-product']);
  });
});

interface Point {
  x: number;
  y: number;
}
interface ScatterDataset {
  label: string;
  data: Point[];
  pointStyle: string | string[];
  borderDash?: number[];
}

describe('charts: capacity and load generators', () => {
  const results = extendedFixture();
  const specs = chartSpecs([results], { fontFamily: 'x' });
  const capacity = specs.find((s) => s.id === 'capacity-get-product');
  const datasets = (capacity?.config.data.datasets ?? []) as unknown as ScatterDataset[];

  it('adds a capacity chart per scenario with searches, and a load-generator chart, after the others', () => {
    expect(specs.map((s) => s.id).slice(-2)).toEqual(['capacity-get-product', 'drivers']);
    expect(capacity?.kind).toBe('capacity');
    expect(capacity?.config.options?.scales).toMatchObject({
      x: { type: 'linear', min: 0, title: { text: 'offered rate (target req/s)' } },
      y: { type: 'logarithmic', title: { text: 'p99 latency (ms, log scale)' }, max: 100 },
    });
    // Only 1-2-5 ticks on the log axis, every one labelled: the SLO's 50 ms is a labelled line.
    expect(capacity?.config.options?.plugins).toMatchObject({ logTicks125: { axis: 'y' } });
  });

  it('draws one line per stack: p99 in ms against the offered rate, sorted, failed steps crossed', () => {
    const fastify = datasets.find((d) => d.label === 'Fastify 5');
    const steps = results.capacity?.find((c) => c.stack === 'fastify')?.steps ?? [];
    const sorted = [...steps].sort((a, b) => a.targetRps - b.targetRps);
    expect(fastify?.data).toEqual(
      sorted.map((s) => ({ x: s.targetRps, y: s.latencyUs.p99 / 1000 })),
    );
    expect(fastify?.pointStyle).toEqual(sorted.map((s) => (s.ok ? 'circle' : 'crossRot')));
    const express = datasets.find((d) => d.label === 'Express 5');
    expect(express?.pointStyle).toEqual(['crossRot', 'crossRot', 'crossRot']);
  });

  it('draws the SLO as a horizontal line at 50,000 µs (50 ms) across the whole x axis', () => {
    const slo = datasets.find((d) => d.label.startsWith('SLO'));
    expect(slo?.label).toBe('SLO p99<50ms');
    expect(capacity && sloLimitUs(results.capacity![0]!)).toBe(50_000);
    const max = (capacity?.config.options?.scales?.x as { max?: number } | undefined)?.max;
    expect(slo?.data).toEqual([
      { x: 0, y: 50_000 / 1000 },
      { x: max, y: 50_000 / 1000 },
    ]);
    expect(slo?.borderDash).toEqual([6, 4]);
  });

  it('leaves the SLO line out when the SLO cannot be parsed or is not on p99', () => {
    for (const slo of ['p50<5ms', 'whatever']) {
      const r = extendedVariant((v) => {
        for (const c of v.capacity ?? []) {
          c.slo = slo;
          // As a run records them: the parsed rules, none for an SLO that does not parse.
          c.sloRules = slo === 'p50<5ms' ? [{ percentile: 'p50', op: '<', limitUs: 5_000 }] : [];
        }
      });
      const spec = chartSpecs([r], { fontFamily: 'x' }).find((s) => s.kind === 'capacity');
      const labels = (spec?.config.data.datasets ?? []).map((d) => d.label);
      expect(labels, slo).toEqual(['Express 5', 'Fastify 5']);
      expect(spec?.description, slo).not.toContain('dashed');
    }
  });

  it("bars the drivers' ceilings, pale where the driver was at its CPU limit", () => {
    const drivers = specs.find((s) => s.id === 'drivers');
    expect(drivers?.config.data.labels).toEqual(['autocannon 8.0.0', 'wrk 4.2.0', 'k6 1.3.0']);
    expect(drivers?.config.data.datasets.map((d) => d.data)).toEqual([
      [null, 38_900, null],
      [21_450, null, 14_200],
    ]);
  });

  it('renders capacity-<scenario> as PNG and SVG, byte-identical on a second render', () => {
    const charts = renderCharts([results]);
    const names = charts.map((c) => `${c.name}.${c.format}`);
    expect(names.slice(-2)).toEqual(['capacity-get-product.png', 'capacity-get-product.svg']);
    expect(names).not.toContain('drivers.png');
    const again = renderCharts([results]);
    again.forEach((chart, i) => {
      expect(
        chart.data.equals(charts[i]?.data ?? Buffer.alloc(0)),
        `${chart.name}.${chart.format}`,
      ).toBe(true);
    });
  });
});

describe('HTML: capacity, load generators, container overhead', () => {
  const results = extendedFixture();
  const html = renderHtml([results]);

  it('matches the golden file', () => {
    expect(html.split(CHART_JS_BUNDLE)).toHaveLength(2);
    expectGolden('report-extended.html', html.replace(CHART_JS_BUNDLE, PLACEHOLDER));
  });

  it('has a sortable table per new section, and canvases in chart-spec order', () => {
    const tables = [...html.matchAll(/<table class="sortable[^"]*" id="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(tables.slice(-3)).toEqual([
      'table-capacity',
      'table-load-generators',
      'table-container-overhead',
    ]);
    const canvases = [...html.matchAll(/<canvas id="([^"]+)"/g)].map((m) => m[1]);
    expect(canvases).toEqual(chartSpecs([results], { fontFamily: 'x' }).map((s) => s.id));
    // The capacity chart sits in its own section, not among the scenario's charts.
    const capacityAt = html.indexOf('<canvas id="capacity-get-product"');
    expect(capacityAt).toBeGreaterThan(html.indexOf('id="capacity">Capacity under SLO</h2>'));
    expect(html.indexOf('<canvas id="drivers"')).toBeGreaterThan(
      html.indexOf('id="load-generators">Load generators</h2>'),
    );
    expect(html).toContain('<td class="num">—</td>');
  });
});

describe('several results files', () => {
  it('keeps every id unique and prefixes the new charts with the run', () => {
    const html = renderHtml([extendedFixture(), extendedFixture()], { chartJs: '' });
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'r1-capacity',
      'r2-table-load-generators',
      'r2-capacity-get-product',
      'r1-drivers',
    ]) {
      expect(ids).toContain(id);
    }
    const names = renderCharts([extendedFixture(), fixture()], { formats: ['svg'] }).map(
      (c) => c.name,
    );
    expect(names.filter((n) => n.includes('capacity'))).toEqual(['r1-capacity-get-product']);
  });
});

describe('CSV: capacity.csv and driver-ceilings.csv', () => {
  const results = extendedFixture();

  it('match the golden files', () => {
    expectGolden('capacity.csv', capacityCsv([results]));
    expectGolden('driver-ceilings.csv', driverCeilingsCsv([results]));
  });

  it('writes one capacity row per step, with an empty sustainable_rps for a null rate', () => {
    const rows = records(capacityCsv([results]));
    const steps = (results.capacity ?? []).flatMap((c) => c.steps);
    expect(rows).toHaveLength(steps.length);
    const express = rows.filter((r) => r.stack === 'express');
    expect(express.map((r) => r.sustainable_rps)).toEqual(['', '', '']);
    expect(express.map((r) => r.ok)).toEqual(['false', 'false', 'false']);
    const fastify = rows.filter((r) => r.stack === 'fastify');
    expect(fastify.map((r) => Number(r.step))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(fastify.every((r) => r.sustainable_rps === '10840')).toBe(true);
    expect(fastify[3]?.reason).toBe('p99 88.4 ms breaks < 50.0 ms');
    expect(Number(fastify[3]?.dropped)).toBe(2410);
  });

  it('writes one driver row per ceiling', () => {
    const rows = records(driverCeilingsCsv([results]));
    expect(rows.map((r) => [r.driver, r.rps, r.generator_cpu_percent])).toEqual([
      ['autocannon', '21450', '98.1'],
      ['wrk', '38900', '61.2'],
      ['k6', '14200', '99.3'],
    ]);
  });

  it('adds the two files only when some results file holds their data', () => {
    expect(csvRenderer.render([fixture()]).map((f) => f.file)).toEqual([
      'trials.csv',
      'summary.csv',
    ]);
    expect(renderReports([fixture(), results], ['csv']).map((f) => f.file)).toEqual([
      'trials.csv',
      'summary.csv',
      'capacity.csv',
      'driver-ceilings.csv',
    ]);
  });
});
