import { describe, expect, it } from 'vitest';
import { chartSpecs } from '../../reports/chart-specs.js';
import { CHART_JS_BUNDLE, renderHtml } from '../../reports/html.js';
import { fixture, variant } from './fixture.js';
import { expectGolden } from './golden.js';

const PLACEHOLDER = '/* chart.js UMD bundle (inlined from node_modules/chart.js) */';

function attributes(html: string, element: string, attribute: string): string[] {
  const re = new RegExp(`<${element}\\b[^>]*\\b${attribute}="([^"]*)"`, 'g');
  return [...html.matchAll(re)].map((m) => m[1] ?? '');
}

describe('renderHtml', () => {
  const results = fixture();
  const html = renderHtml([results]);

  it('inlines the chart.js bundle exactly once, and is otherwise the golden document', () => {
    expect(CHART_JS_BUNDLE.length).toBeGreaterThan(100_000);
    expect(CHART_JS_BUNDLE).toContain('Chart.js v4');
    expect(html.split(CHART_JS_BUNDLE)).toHaveLength(2);
    expectGolden('report.html', html.replace(CHART_JS_BUNDLE, PLACEHOLDER));
  });

  it('loads nothing from anywhere: no src or href to another resource', () => {
    expect(attributes(html, 'script', 'src')).toEqual([]);
    expect(attributes(html, 'link', 'href')).toEqual(['data:,']);
    expect(attributes(html, 'img', 'src')).toEqual([]);
    expect(html).not.toMatch(/sourceMappingURL/);
  });

  it('has a canvas with a stable, unique id for every chart spec', () => {
    const ids = attributes(html, 'canvas', 'id');
    expect(ids).toEqual([
      'overhead',
      'throughput-json',
      'latency-json',
      'cpu-json',
      'trials-json',
      'throughput-get-product',
      'latency-get-product',
      'cpu-get-product',
      'trials-get-product',
    ]);
    expect(new Set(ids)).toEqual(
      new Set(chartSpecs([results], { fontFamily: 'x' }).map((s) => s.id)),
    );
  });

  it('embeds the chart data as JSON the page can parse', () => {
    const match = /<script type="application\/json" id="stackbench-charts">([^<]*)<\/script>/.exec(
      html,
    );
    const specs = JSON.parse(match?.[1] ?? 'null') as { id: string; config: { type: string } }[];
    expect(specs.map((s) => s.id)).toEqual(attributes(html, 'canvas', 'id'));
    expect(specs.find((s) => s.id === 'latency-json')?.config).toMatchObject({
      type: 'line',
      options: { scales: { y: { type: 'logarithmic' } } },
    });
  });

  it('has the headline table and one sortable table per scenario', () => {
    expect(attributes(html, 'table', 'id')).toEqual([
      'headline',
      'table-json',
      'table-get-product',
    ]);
    expect(html.match(/<table class="sortable/g)).toHaveLength(3);
    expect(html).toContain('<td class="num" data-num="19840">19,840 (19,620–20,310)</td>');
  });

  it('escapes text from the results file', () => {
    const r = variant((v) => {
      const t = v.trials.find((x) => x.state === 'invalid');
      if (t) t.reason = '<script>alert(1)</script> & "quotes"';
    });
    const out = renderHtml([r], { chartJs: '' });
    expect(out).not.toContain('<script>alert(1)');
    expect(out).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;quotes&#34;');
  });

  it('keeps ids unique across several results files', () => {
    const out = renderHtml([results, fixture()], { chartJs: '' });
    const ids = [...attributes(out, 'canvas', 'id'), ...attributes(out, 'table', 'id')];
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('r2-throughput-json');
    expect(ids).toContain('r1-headline');
  });
});
