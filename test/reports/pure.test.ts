/**
 * Reports are a pure function of results files: what they show about stacks, validity rules,
 * SLOs and isolation comes from the file, and reports/ imports nothing from runner/ or servers/.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../reports/markdown.js';
import { upgradeResults } from '../../runner/results/migrate.js';
import { SCHEMA_VERSION } from '../../runner/results/schema.js';
import { extendedFixtureJson, extendedVariant, fixtureJson, variant } from './fixture.js';

const REPORTS_DIR = fileURLToPath(new URL('../../reports/', import.meta.url));

describe('reports/', () => {
  it('imports nothing from runner/ or servers/, not even types', () => {
    const offenders: string[] = [];
    for (const file of readdirSync(REPORTS_DIR).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(`${REPORTS_DIR}${file}`, 'utf8');
      for (const m of text.matchAll(/from\s+'([^']+)'/g)) {
        if (/^\.\.\/(runner|servers)\//.test(m[1] ?? '')) offenders.push(`${file}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('a report reads what the results file says', () => {
  it("takes stack labels and the guide's columns from results.stacks", () => {
    const r = variant((v) => {
      const express = v.stacks.find((s) => s.name === 'express');
      if (!express) throw new Error('fixture lost express');
      express.label = 'Express (as recorded)';
      express.docs = 'docs as recorded';
      express.runtime = 'runtime as recorded';
    });
    const md = renderMarkdown([r]);
    expect(md).toContain('| Express (as recorded) ');
    expect(md).toContain('docs as recorded');
    expect(md).toContain('runtime as recorded');
    expect(md).not.toContain('Express 5');
  });

  it('orders stacks as results.stacks lists them', () => {
    const r = variant((v) => {
      v.stacks.reverse();
    });
    const md = renderMarkdown([r]);
    const headline = md.slice(md.indexOf('## Headline'), md.indexOf('## Scenario'));
    const order = ['Hono (Node adapter)', 'Fastify 5', 'Express 5', 'node:http'].map((l) =>
      headline.indexOf(`| ${l} `),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("applies the run's generator-bound rule, not today's default", () => {
    const strict = renderMarkdown([
      extendedVariant((v) => {
        v.validityRules.generatorBoundPercent = 99;
      }),
    ]);
    const section = strict.slice(
      strict.indexOf('## Load generators'),
      strict.indexOf('## Container'),
    );
    expect(section).toContain('A driver that hits its CPU limit (99 % or more)');
    // Under a 99 % rule k6 (99.3 %) is generator-bound, autocannon (98.1 %) is not.
    expect(section).toContain('- **k6 1.3.0**: generator-bound');
    expect(section).not.toContain('- **autocannon 8.0.0**: generator-bound');
  });
});

describe('upgradeResults (version 1 files)', () => {
  it("fills what version 1 lacked from today's defaults and leaves the rest as found", () => {
    const v1 = extendedFixtureJson() as Record<string, unknown>;
    expect(v1.schemaVersion).toBe(1);
    const v2 = upgradeResults(v1) as Record<string, unknown> & {
      stacks: { name: string; label: string }[];
      capacity: { slo: string; sloRules: unknown[] }[];
      manifest: { memory?: string };
    };
    expect(v2.schemaVersion).toBe(SCHEMA_VERSION);
    expect(v2.validityRules).toEqual({ serverSaturatedPercent: 80, generatorBoundPercent: 90 });
    expect(v2.stacks.map((s) => [s.name, s.label])).toEqual([
      ['node-http', 'node:http'],
      ['express', 'Express 5'],
      ['fastify', 'Fastify 5'],
      ['hono', 'Hono (Node adapter)'],
      ['fastapi', 'FastAPI + Uvicorn'],
      ['flask', 'Flask + Marshmallow'],
      ['drf', 'Django REST Framework'],
    ]);
    expect(v2.capacity.map((c) => [c.slo, c.sloRules])).toEqual([
      ['p99<50ms', [{ percentile: 'p99', op: '<', limitUs: 50_000 }]],
      ['p99<50ms', [{ percentile: 'p99', op: '<', limitUs: 50_000 }]],
    ]);
    expect(v2.manifest.memory).toBe('container-working-set');
    expect(v2.trials).toEqual(v1.trials);
    // The input is not changed.
    expect((fixtureJson() as Record<string, unknown>).schemaVersion).toBe(1);
  });

  it('gives an SLO it cannot parse no rules, and leaves other versions alone', () => {
    const v1 = extendedFixtureJson() as { capacity: { slo: string }[] };
    for (const c of v1.capacity) c.slo = 'fast please';
    const v2 = upgradeResults(v1) as { capacity: { sloRules: unknown[] }[] };
    expect(v2.capacity.map((c) => c.sloRules)).toEqual([[], []]);
    const other = { schemaVersion: 7, runId: 'x' };
    expect(upgradeResults(other)).toBe(other);
  });
});
