/**
 * The guide's table in the reports: fixed results (the small fixture plus a reference), expected
 * strings worked out by hand from the fixture's numbers.
 */
import { describe, expect, it } from 'vitest';
import { reportModel } from '../../reports/build-model.js';
import { cpuCount, pinnedText } from '../../reports/guide-section.js';
import { renderHtml } from '../../reports/html.js';
import { renderMarkdown } from '../../reports/markdown.js';
import { renderTerminal } from '../../reports/terminal.js';
import type { Results } from '../../runner/results/schema.js';
import { fixture, variant } from './fixture.js';

const REFERENCE = {
  source: 'A Guide, table 1',
  scenario: 'json',
  overheadScenario: 'get-product',
  claims: { express: 12000, fastapi: 15000 },
  note: 'No hardware given.',
};

const withReference = (edit: (r: Results) => void = () => undefined): Results =>
  variant((r) => {
    r.reference = structuredClone(REFERENCE);
    edit(r);
  });

/** Body rows of the first markdown table after `heading`, as trimmed cells. */
function rowsAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start === -1) throw new Error(`no heading ${heading}`);
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) table.push(line);
    else if (table.length > 0) break;
  }
  return table.slice(2).map((row) =>
    row
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim()),
  );
}

const GUIDE_HEADING = "## The guide's table, measured: json";

describe("the guide's table", () => {
  const markdown = renderMarkdown([withReference()]);

  it('opens report.md, before the headline', () => {
    const headings = markdown.split('\n').filter((l) => l.startsWith('## '));
    expect(headings[0]).toBe(GUIDE_HEADING);
    expect(headings[1]).toBe('## Headline: json, validation zod');
  });

  it('has the guide’s columns plus the claim and the ratio to it', () => {
    const header = markdown.split('\n')[markdown.split('\n').indexOf(GUIDE_HEADING) + 2];
    const cells = header
      ?.slice(1, -1)
      .split('|')
      .map((c) => c.trim());
    expect(cells).toEqual([
      'Approach',
      'Throughput (req/s, median, 95 % CI)',
      "Guide's claim (req/s)",
      'Measured ÷ claimed',
      'Validation overhead (own validator vs off)',
      'Docs generation',
      'Runtime model',
    ]);
  });

  it('puts the claim and measured ÷ claimed beside each claimed row, "—" elsewhere', () => {
    const rows = rowsAfter(markdown, GUIDE_HEADING).map((r) => r.slice(0, 5));
    expect(rows).toEqual([
      // node:http json zod 19,840 (19,620–20,310); get-product zod overhead 4.7 (4.5–4.8) µs,
      // throughput lost 5.42 % (5.38–5.55) → change −5.4 % (−5.5 to −5.4).
      [
        'node:http',
        '19,840 (19,620–20,310)',
        '—',
        '—',
        'zod: +4.7 µs CPU/req (+4.5 to +4.8); −5.4 % req/s (−5.5 to −5.4)',
      ],
      // 9,310 / 12,000 = 0.776; 9,120 / 12,000 = 0.760; 9,480 / 12,000 = 0.790. Its
      // get-product zod has an invalid trial in round 2: 2 paired rounds.
      [
        'Express 5',
        '9,310 (9,120–9,480)',
        '~12,000',
        '0.78× (0.76–0.79)',
        'zod: too few pairs (n=2)',
      ],
      // get-product zod overhead −23 to +8.7 µs and −29.3 to +8.7 % req/s include zero.
      [
        'Fastify 5',
        '17,920 (17,640–18,360)',
        '—',
        '—',
        'zod: within noise (±23.0 µs CPU/req); within noise (±29.3 % req/s)',
      ],
      // Its get-product off crashed in round 3: 2 paired rounds.
      ['Hono (Node adapter)', '14,120 (13,940–14,580)', '—', '—', 'zod: too few pairs (n=2)'],
      // Claimed by the guide, not run here.
      ['FastAPI + Uvicorn', '—', '~15,000', '—', '—'],
    ]);
  });

  it('marks a generator-capped measurement and its ratio as lower bounds', () => {
    const capped = withReference((r) => {
      const express = r.summary.find(
        (c) => c.stack === 'express' && c.scenario === 'json' && c.validation === 'zod',
      );
      express!.flags = ['generator-bound'];
    });
    const row = rowsAfter(renderMarkdown([capped]), GUIDE_HEADING).find(
      (r) => r[0] === 'Express 5',
    );
    expect(row?.slice(1, 4)).toEqual(['≥ 9,310 (9,120–9,480)', '~12,000', '≥ 0.78× (0.76–0.79)']);
  });

  it('prints each stack’s server configuration as the results file records it', () => {
    const r = withReference((v) => {
      for (const s of v.stacks) s.serverConfig = `config of ${s.name}`;
      delete v.stacks.find((s) => s.name === 'hono')!.serverConfig;
    });
    const md = renderMarkdown([r]);
    const lines = md.split('\n');
    const at = lines.indexOf('| Approach            | Server configuration |');
    expect(at).toBeGreaterThan(lines.indexOf(GUIDE_HEADING));
    expect(lines.slice(at + 2, at + 8)).toEqual([
      '| node:http           | config of node-http  |',
      '| Express 5           | config of express    |',
      '| Fastify 5           | config of fastify    |',
      '| Hono (Node adapter) | —                    |',
      '| FastAPI + Uvicorn   | config of fastapi    |',
      '',
    ]);
  });

  it('states the source, the hardware and the method the guide does not give', () => {
    const md = renderMarkdown([
      withReference((r) => {
        r.manifest.frameworks.python = '3.11.7';
      }),
    ]);
    expect(md).toContain('Source: A Guide, table 1. No hardware given.');
    // 16,777,216,000 B = 15.625 GiB.
    expect(md).toContain(
      'Hardware (the guide names none): AMD EPYC 7B13, 4 cores, 15.6 GiB RAM; Debian GNU/Linux 12 (bookworm), kernel 6.1.0-26-cloud-amd64; Node v20.19.5, Python 3.11.7.',
    );
    expect(md).toContain(
      'Method (the guide gives none): each server in a fresh process pinned to CPUs 2-3 (2 cores), the load generator (autocannon 8.0.0, closed model, 100 connections) pinned to CPUs 0-1 (2 cores); isolation process. 3 rounds, each running every cell once in an order shuffled with seed 20251124; per trial 3 s of warm-up, then 1 measured window of 10 s.',
    );
  });

  it('says so when the run did not measure the scenario the claims are about', () => {
    const md = renderMarkdown([
      withReference((r) => {
        r.reference!.scenario = 'mixed';
      }),
    ]);
    expect(md).toContain("## The guide's table, measured: mixed");
    expect(md).toContain('This run did not measure scenario mixed');
    const rows = rowsAfter(md, "## The guide's table, measured: mixed");
    expect(rows.find((r) => r[0] === 'Express 5')?.slice(1, 4)).toEqual(['—', '~12,000', '—']);
  });

  it('is absent without a reference, and the methods then list the server configurations', () => {
    const plain = renderMarkdown([
      variant((r) => {
        for (const s of r.stacks) s.serverConfig = `config of ${s.name}`;
      }),
    ]);
    expect(plain).not.toContain("The guide's table");
    expect(plain).toContain(
      'Servers: node:http: config of node-http; Express 5: config of express; Fastify 5: config of fastify; Hono (Node adapter): config of hono.',
    );
    expect(markdown).not.toContain('Servers: node:http');
  });

  it('is the same section in the HTML and terminal output', () => {
    const [run] = reportModel([withReference()]).runs;
    expect(run?.sections[0]?.kind).toBe('guide');
    const html = renderHtml([withReference()], { chartJs: '' });
    expect(html).toContain('The guide&#39;s table, measured: json');
    expect(html).toContain('0.78× (0.76–0.79)');
    const ids = [...html.matchAll(/<[a-z0-9]+ [^>]*\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toContain('guide');
    expect(ids.length).toBe(new Set(ids).size);
    const terminal = renderTerminal(withReference());
    expect(terminal.startsWith("The guide's table, measured: json")).toBe(true);
    expect(terminal).toContain('~12,000');
  });
});

describe('CPU lists in the method line', () => {
  it.each([
    ['1', 1],
    ['2-3', 2],
    ['0-3,6', 5],
    ['unpinned', undefined],
    ['3-1', undefined],
  ] as const)('%s → %s', (list, n) => {
    expect(cpuCount(list)).toBe(n);
  });

  it('reads a single CPU, a range and no pinning', () => {
    expect(pinnedText('1')).toBe('pinned to CPU 1 (1 core)');
    expect(pinnedText('0-1')).toBe('pinned to CPUs 0-1 (2 cores)');
    expect(pinnedText('unpinned')).toBe('not pinned to any CPU');
  });
});

describe('the fixture without a reference', () => {
  it('has none, so the guide section is absent', () => {
    expect(fixture().reference).toBeUndefined();
  });
});

describe('the headline on a run whose json cells differ in mode between stacks', () => {
  // As in a guide run: json once per stack, zod on Node, native where a stack has no zod.
  const r = variant((v) => {
    const json = (c: { scenario: string; validation: string }) => c.scenario === 'json';
    v.summary = v.summary.filter((c) => !json(c) || c.validation === 'zod');
    v.trials = v.trials.filter((t) => !json(t) || t.validation === 'zod');
    v.plan = v.plan.filter((p) => !json(p) || p.validation === 'zod');
    for (const c of [...v.summary, ...v.trials, ...v.plan])
      if (json(c) && 'stack' in c && c.stack === 'hono') c.validation = 'native';
  });
  const md = renderMarkdown([r]);

  it("shows such a stack's only json cell, and says which mode it is", () => {
    const hono = rowsAfter(md, '## Headline: json, validation zod').find(
      (row) => row[0] === 'Hono (Node adapter)',
    );
    expect(hono?.[1]).toBe('14,120 (13,940–14,580)');
    expect(md).toContain(
      'Hono (Node adapter) (native) has no zod cell here: the row shows its cell in that mode (the ' +
        "framework's own validator, or the one mode of a scenario validation does not change); " +
        'ratios pair only cells of one mode, so it has none.',
    );
  });

  it('does not borrow validation off for a stack without zod where stacks have several modes', () => {
    const other = variant((v) => {
      const honoZodJson = (c: { scenario: string; validation: string; stack?: string }) =>
        c.scenario === 'json' && c.stack === 'hono' && c.validation === 'zod';
      v.summary = v.summary.filter((c) => !honoZodJson(c));
      v.trials = v.trials.filter((t) => !honoZodJson(t));
      v.plan = v.plan.filter((p) => !honoZodJson(p));
    });
    const hono = rowsAfter(renderMarkdown([other]), '## Headline: json, validation zod').find(
      (row) => row[0] === 'Hono (Node adapter)',
    );
    expect(hono?.[1]).toBe('—');
  });

  it("shows a stack's own validator (native) where it has no zod, as the Python stacks", () => {
    const other = variant((v) => {
      for (const c of [...v.summary, ...v.trials, ...v.plan])
        if (c.scenario === 'json' && c.stack === 'hono' && c.validation === 'zod')
          c.validation = 'native';
    });
    const md = renderMarkdown([other]);
    const hono = rowsAfter(md, '## Headline: json, validation zod').find(
      (row) => row[0] === 'Hono (Node adapter)',
    );
    expect(hono?.[1]).toBe('14,120 (13,940–14,580)');
    expect(md).toContain('Validation overhead (own validator vs off)');
  });
});
