/**
 * Honest small effects (issue 10): a derived figure whose interval includes no effect is
 * "within noise (±x)" in every format and never a signed bar; one with fewer than 3 paired
 * rounds says "too few pairs (n=…)". Fixed data: the fixture and hand-made estimates.
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { chartSpecs } from '../../reports/chart-specs.js';
import { summaryCsv } from '../../reports/csv.js';
import { readEffect, ratioEffectText, signedEffectText } from '../../reports/effects.js';
import { renderHtml } from '../../reports/html.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { renderTerminal } from '../../reports/terminal.js';
import type { Estimate } from '../../runner/results/schema.js';
import { fixture, variant } from './fixture.js';

const e = (estimate: number, low: number, high: number): Estimate => ({ estimate, low, high });

describe('readEffect', () => {
  it.each([
    ['an interval above zero', e(4.7, 4.5, 4.8), 3, 'effect'],
    ['an interval below zero', e(-4.7, -4.8, -4.5), 3, 'effect'],
    ['an interval across zero', e(-76.9, -92, 3), 3, 'within-noise'],
    ['an interval ending at zero', e(-76.9, -92, 0), 3, 'within-noise'],
    ['two pairs', e(4.7, 4.5, 4.8), 2, 'too-few-pairs'],
    ['no pair count at all', e(4.7, 4.5, 4.8), undefined, 'effect'],
  ] as const)('%s → %s', (_, value, pairs, kind) => {
    expect(readEffect(value, { pairs }).kind).toBe(kind);
  });

  it('takes the pair count an estimate records over the one counted from trials', () => {
    const recorded = { ...e(4.7, 4.5, 4.8), n: 2 };
    expect(readEffect(recorded, { pairs: 6 })).toMatchObject({ kind: 'too-few-pairs', pairs: 2 });
    const pairs = { ...e(4.7, 4.5, 4.8), pairs: 12 } as Estimate;
    expect(readEffect(pairs, { pairs: 2 })).toMatchObject({ kind: 'effect', pairs: 12 });
  });

  it('believes a summary flag that says the pairs are too few, unless the estimate counts its own', () => {
    expect(readEffect(e(4.7, 4.5, 4.8), { pairs: 5, flags: ['too-few-pairs'] }).kind).toBe(
      'too-few-pairs',
    );
    const counted = { ...e(4.7, 4.5, 4.8), n: 5 };
    expect(readEffect(counted, { flags: ['too-few-pairs'] }).kind).toBe('effect');
  });

  it('measures a ratio against 1', () => {
    expect(readEffect(e(0.97, 0.93, 1.02), { zero: 1, pairs: 3 }).kind).toBe('within-noise');
    expect(readEffect(e(0.62, 0.6, 0.64), { zero: 1, pairs: 3 }).kind).toBe('effect');
  });
});

describe('effect text', () => {
  it('states the largest effect the interval allows, either way', () => {
    // The −76.9 µs of issue 10: (−92, 0) is no finding.
    expect(signedEffectText(readEffect(e(-76.9, -92, 0), { pairs: 3 }), 1, ' µs CPU/req')).toBe(
      'within noise (±92.0 µs CPU/req)',
    );
    expect(signedEffectText(readEffect(e(4.7, 4.5, 4.8), { pairs: 3 }), 1, ' µs CPU/req')).toBe(
      '+4.7 µs CPU/req (+4.5 to +4.8)',
    );
    expect(ratioEffectText(readEffect(e(0.97, 0.93, 1.02), { zero: 1, pairs: 3 }))).toBe(
      'within noise (±7.0 %)',
    );
    expect(ratioEffectText(readEffect(e(0.92, 0.77, 1.08), { zero: 1, pairs: 3 }))).toBe(
      'within noise (±23 %)',
    );
    expect(ratioEffectText(readEffect(e(0.62, 0.6, 0.64), { zero: 1, pairs: 2 }))).toBe(
      'too few pairs (n=2)',
    );
  });
});

/** Fastify's json ratio made a small effect: 0.97× (0.93–1.02), within noise of node:http. */
const noisyRatio = () =>
  variant((v) => {
    const c = v.summary.find(
      (x) => x.stack === 'fastify' && x.scenario === 'json' && x.validation === 'zod',
    );
    if (!c) throw new Error('fixture lost fastify json zod');
    c.ratioToBaseline = e(0.97, 0.93, 1.02);
  });

describe('"within noise" and "too few pairs" in every format', () => {
  const results = noisyRatio();

  it('markdown', () => {
    const md = renderMarkdown([results]);
    const fastify = md.split('\n').find((l) => l.startsWith('| Fastify 5 ') && l.includes('zod'));
    expect(fastify).toContain('within noise (±7.0 %)');
    // Express json zod: +0.5 µs (−0.9 to +1.1).
    expect(md).toContain('within noise (±1.1 µs CPU/req)');
    // Express get-product zod lost round 2: 2 pairs for its ratio and its overhead.
    const express = md
      .slice(md.indexOf('## Scenario: get-product'))
      .split('\n')
      .find((l) => l.startsWith('| Express 5 ') && l.includes('| zod '));
    expect(express?.match(/too few pairs \(n=2\)/g)).toHaveLength(2);
    expect(md).not.toContain('+0.5 µs');
  });

  it('HTML', () => {
    const html = renderHtml([results], { chartJs: '' });
    expect(html).toContain('<td class="num" data-num="0.97">within noise (±7.0 %)</td>');
    expect(html).toContain('within noise (±1.1 µs CPU/req)');
    expect(html).toContain('too few pairs (n=2)');
  });

  it('the terminal table', () => {
    const text = renderTerminal(results);
    expect(text).toContain('within noise (±7.0 %)');
    expect(text).toContain('within noise (±8.7 µs CPU/req)');
    expect(text).toContain('too few pairs (n=2)');
  });

  it('CSV: the interval, the pairs behind it and how the reports read it', () => {
    const rows = parse(summaryCsv([results]), {
      columns: true,
      record_delimiter: '\r\n',
    }) as Record<string, string>[];
    const row = (stack: string, scenario: string, validation: string) =>
      rows.find((r) => r.stack === stack && r.scenario === scenario && r.validation === validation);
    expect(row('fastify', 'json', 'zod')).toMatchObject({
      ratio_to_baseline_estimate: '0.97',
      ratio_to_baseline_low: '0.93',
      ratio_to_baseline_high: '1.02',
      ratio_to_baseline_pairs: '3',
      ratio_to_baseline_reading: 'within-noise',
    });
    expect(row('node-http', 'json', 'zod')).toMatchObject({
      validation_overhead_cpu_us_per_request_pairs: '3',
      validation_overhead_cpu_us_per_request_reading: 'effect',
      validation_overhead_throughput_percent_reading: 'effect',
    });
    expect(row('express', 'json', 'zod')).toMatchObject({
      validation_overhead_cpu_us_per_request_reading: 'within-noise',
      validation_overhead_throughput_percent_reading: 'within-noise',
    });
    expect(row('express', 'get-product', 'zod')).toMatchObject({
      ratio_to_baseline_pairs: '2',
      ratio_to_baseline_reading: 'too-few-pairs',
      validation_overhead_cpu_us_per_request_reading: 'too-few-pairs',
    });
    // node:http has no ratio to itself: empty, not invented.
    expect(row('node-http', 'json', 'zod')?.ratio_to_baseline_reading).toBe('');
  });
});

describe('the validation overhead chart', () => {
  const results = fixture();
  const spec = chartSpecs([results], { fontFamily: 'x' }).find((s) => s.kind === 'overhead');
  const datasets = spec?.config.data.datasets ?? [];
  const labels = (spec?.config.data.labels ?? []) as string[];
  const at = (label: string, stack: string) =>
    datasets.find((d) => d.label === label)?.data[labels.indexOf(stack)];

  it('draws a bar only for an effect whose interval excludes zero', () => {
    // json · zod: node:http +1.5 (1.4–1.7) is an effect; Express, Fastify and Hono are noise.
    expect(at('json · zod', 'node:http')).toBe(1.5);
    for (const stack of ['Express 5', 'Fastify 5', 'Hono (Node adapter)']) {
      expect(at('json · zod', stack), stack).toBeNull();
    }
  });

  it('draws a within-noise effect as its whisker alone, around zero, with no signed bar', () => {
    const noise = datasets.find((d) => d.label === 'json · zod, within noise (interval only)');
    expect(noise).toBeDefined();
    const hono = labels.indexOf('Hono (Node adapter)');
    expect(noise?.data[hono]).toBe(0);
    expect(noise?.errorBars?.[hono]).toEqual([-8.7, 0.6]);
    expect(noise?.backgroundColor).toBe('rgba(0, 0, 0, 0)');
    expect(noise?.borderWidth).toBe(0);
    // No dataset anywhere draws a non-zero bar for a within-noise cell.
    for (const d of datasets) {
      for (const stack of ['Express 5', 'Fastify 5', 'Hono (Node adapter)']) {
        if (!String(d.label).startsWith('json · zod')) continue;
        const v = d.data[labels.indexOf(stack)];
        expect(v === null || v === 0, `${d.label} ${stack}`).toBe(true);
      }
    }
  });

  it('draws nothing for a cell with too few pairs', () => {
    // get-product · zod: Express (2 pairs) and Hono (2 pairs).
    for (const d of datasets.filter((x) => String(x.label).startsWith('get-product · zod'))) {
      expect(d.data[labels.indexOf('Express 5')], String(d.label)).toBeNull();
      expect(d.data[labels.indexOf('Hono (Node adapter)')], String(d.label)).toBeNull();
    }
  });
});
