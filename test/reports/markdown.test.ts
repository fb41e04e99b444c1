import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../reports/markdown.js';
import { summarizeTrials } from '../../runner/results/summarize.js';
import type { Results } from '../../runner/results/schema.js';
import { fixture, variant } from './fixture.js';
import { expectGolden } from './golden.js';

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

/** The fixture's numbers formatted independently of reports/table.ts. */
const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function cell(r: Results, stack: string, scenario: string, validation: string) {
  const c = r.summary.find(
    (s) => s.stack === stack && s.scenario === scenario && s.validation === validation,
  );
  if (!c) throw new Error(`fixture has no cell ${stack}/${scenario}/${validation}`);
  return c;
}

describe('renderMarkdown', () => {
  const results = fixture();
  const markdown = renderMarkdown([results]);

  it('matches the golden file', () => {
    expectGolden('report.md', markdown);
  });

  it('has a headline table with exactly one row per stack, in STACKS order', () => {
    const rows = tableRows(section(markdown, /^## Headline: json, validation zod$/));
    expect(rows.map((r) => r[0])).toEqual([
      'node:http',
      'Express 5',
      'Fastify 5',
      'Hono (Node adapter)',
    ]);
  });

  it("shows each stack's median req/s with its CI, ratio, latency and docs columns from the fixture", () => {
    const rows = tableRows(section(markdown, /^## Headline/));
    const labels: Record<string, string> = {
      'node-http': 'node:http',
      express: 'Express 5',
      fastify: 'Fastify 5',
      hono: 'Hono (Node adapter)',
    };
    for (const [stack, label] of Object.entries(labels)) {
      const c = cell(results, stack, 'json', 'zod');
      const row = rows.find((r) => r[0] === label);
      expect(row, label).toBeDefined();
      const rps = c.rps;
      if (!rps) throw new Error('fixture cell without rps');
      expect(row?.[1]).toBe(`${int(rps.estimate)} (${int(rps.low)}–${int(rps.high)})`);
      // node:http is the baseline: the file has no ratio for it, the table shows 1.00×.
      const ratio = c.ratioToBaseline?.estimate ?? (stack === 'node-http' ? 1 : Number.NaN);
      expect(row?.[2]).toMatch(new RegExp(`^${ratio.toFixed(2)}×`));
      expect(row?.[3]).toMatch(/^\d+(\.\d+)? ms \/ \d+(\.\d+)? ms$/);
    }
    // Express's zod overhead in the fixture: +0.5 µs CPU/req (−0.9 to +1.1) and a throughput
    // loss of 0.4 % (−0.77 to +0.96): both intervals include zero, so both are noise.
    const express = rows.find((r) => r[0] === 'Express 5');
    expect(express?.[4]).toBe('within noise (±1.1 µs CPU/req); within noise (±1.0 % req/s)');
    // node:http's: +1.5 µs (1.4 to 1.7), a loss of 2.8 % (2.63 to 3.38): real effects.
    expect(rows.find((r) => r[0] === 'node:http')?.[4]).toBe(
      '+1.5 µs CPU/req (+1.4 to +1.7); −2.8 % req/s (−3.4 to −2.6)',
    );
    expect(express?.[5]).toBe('zod → JSON Schema (shared), no built-in generator');
    expect(express?.[6]).toBe('Event loop, middleware chain');
  });

  it('has one table per scenario with a row per stack and validation mode', () => {
    for (const scenario of ['json', 'get-product']) {
      const rows = tableRows(section(markdown, new RegExp(`^## Scenario: ${scenario}$`)));
      expect(rows).toHaveLength(8);
      for (const row of rows) {
        const stack = {
          'node:http': 'node-http',
          'Express 5': 'express',
          'Fastify 5': 'fastify',
          'Hono (Node adapter)': 'hono',
        }[row[0] ?? ''];
        const c = cell(results, stack ?? '', scenario, row[1] ?? '');
        expect(row[2]).toContain(int(c.rps?.estimate ?? Number.NaN));
        expect(row[10]).toBe(`${c.valid}/${c.trials}`);
      }
    }
  });

  it('marks the generator-bound cell as a lower bound and flags the noisy one', () => {
    const json = tableRows(section(markdown, /^## Scenario: json$/));
    const capped = json.find((r) => r[0] === 'node:http' && r[1] === 'off');
    expect(capped?.[2]).toBe('≥ 20,410 (20,150–21,020)');
    expect(capped?.[11]).toBe('generator-bound');
    const product = tableRows(section(markdown, /^## Scenario: get-product$/));
    expect(product.find((r) => r[0] === 'Fastify 5' && r[1] === 'off')?.[11]).toBe('noisy');
    expect(product.find((r) => r[0] === 'Express 5' && r[1] === 'zod')?.[11]).toBe(
      'invalid-trials',
    );
  });

  it('states the invalid, crashed, generator-bound and noisy cells in the notes', () => {
    const notes = section(markdown, /^## Notes$/).join('\n');
    expect(notes).toContain(
      '**Express 5 · get-product · zod**: round 2 invalid: 37 unexpected statuses (500) (not counted). ' +
        'Summarised from 2 of 3 trials.',
    );
    expect(notes).toContain(
      '**Hono (Node adapter) · get-product · off**: round 3 crashed: server exited with code 1 before /ready, no metrics. ' +
        'Summarised from 2 of 3 trials.',
    );
    expect(notes).toContain(
      '**node:http · json · off**: round 2 generator-bound: load generator at 97.4 % of its CPU ' +
        'budget (counted, as a lower bound). Summarised from 3 of 3 trials.',
    );
    expect(notes).toMatch(/\*\*node:http · json · off\*\*: generator-bound: .*lower bound/);
    expect(notes).toMatch(/\*\*Fastify 5 · get-product · off\*\*: noisy: .*16\.4 %/);
  });

  it('writes the methods from the manifest and the calibration', () => {
    const methods = section(markdown, /^## Methods$/).join(' ');
    for (const fact of [
      'Debian GNU/Linux 12 (bookworm)',
      'kernel 6.1.0-26-cloud-amd64',
      '4 × AMD EPYC 7B13',
      'Node v20.19.5',
      'express 5.1.0',
      'fastify 5.6.1',
      'hono 4.10.1',
      'autocannon 8.0.0 (connections 100, pipelining 1, timeoutS 10, workers 0)',
      'server on CPUs 2-3, load generator on CPUs 0-1',
      '3 rounds',
      'seed 20251124',
      '3 s of warm-up, then a 10 s measured window',
      'autocannon alone reached 21,450 req/s',
    ]) {
      expect(methods).toContain(fact);
    }
  });

  it('shows — and a note for a cell without valid trials, never a number', () => {
    const r = variant((v) => {
      for (const t of v.trials) {
        if (t.stack === 'express' && t.scenario === 'json' && t.validation === 'zod') {
          t.state = 'crashed';
          t.reason = 'server exited with code 1 before /ready';
          delete t.metrics;
        }
      }
      // Summarised as the runner would: the cell keeps its counts and flags, and no numbers.
      v.summary = summarizeTrials(v.trials, v.manifest.seed);
    });
    const md = renderMarkdown([r]);
    const headline = tableRows(section(md, /^## Headline/)).find((row) => row[0] === 'Express 5');
    expect(headline?.slice(1, 5)).toEqual(['—', '—', '—', '—']);
    const json = tableRows(section(md, /^## Scenario: json$/)).find(
      (row) => row[0] === 'Express 5' && row[1] === 'zod',
    );
    expect(json?.slice(2, 9)).toEqual(['—', '—', '—', '—', '—', '—', '—']);
    expect(json?.[10]).toBe('0/3');
    expect(json?.[11]).toBe('no-valid-trials, invalid-trials');
    expect(section(md, /^## Notes$/).join('\n')).toContain(
      '**Express 5 · json · zod**: round 1 crashed: server exited with code 1 before /ready, no metrics. ' +
        'round 2 crashed: server exited with code 1 before /ready, no metrics. ' +
        'round 3 crashed: server exited with code 1 before /ready, no metrics. ' +
        'No measured trials (3 run): every number for this cell shows —.',
    );
  });

  it('gives several results files a section each', () => {
    const second = variant((v) => {
      v.runId = 'second-run';
    });
    const md = renderMarkdown([results, second]);
    expect(md.startsWith('# stackbench report\n')).toBe(true);
    expect(md).toContain('## Run 1: 2025-11-24T02-40-00Z-7f3a');
    expect(md).toContain('## Run 2: second-run');
    expect(md.match(/^### Headline: json, validation zod$/gm)).toHaveLength(2);
  });

  it('is pure: same output twice, input untouched', () => {
    const before = structuredClone(results);
    expect(renderMarkdown([results])).toBe(markdown);
    expect(results).toEqual(before);
  });

  it("states the run's precision figure under the headline, and only when the run has one", () => {
    const headline = /^## Headline/;
    expect(section(renderMarkdown([results]), headline).join('\n')).not.toMatch(/Precision:/);
    const withPrecision = variant((r) => {
      r.precision = {
        scenario: 'json',
        validation: 'zod',
        stack: 'hono',
        halfWidthPercent: 12.04,
        rounds: 3,
        roundsToHalve: 9,
        goalPercent: 5,
        roundsForGoal: 14,
        secondsPerRound: 30,
      };
    });
    const text = section(renderMarkdown([withPrecision]), headline).join('\n');
    expect(text).toContain(
      'Precision: the widest ratio interval in the headline json · zod is ±12.0 %',
    );
    expect(text).toContain('(hono vs node-http, 3 paired rounds)');
    // 14 rounds × 30 s = 7 min.
    expect(text).toContain('would take about 14 rounds (about 7 min of trials)');
  });

  it('says when a run did not complete', () => {
    const r = variant((v) => {
      v.status = 'interrupted';
      v.trials = v.trials.filter((t) => t.round < 3);
    });
    expect(renderMarkdown([r])).toContain(
      '**Run**: status interrupted: 32 of 48 planned trials ran',
    );
  });
});
