/** results.reference and stacks[].serverConfig: optional, validated, named when wrong. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResults } from '../../runner/results/io.js';
import { Reference, Results } from '../../runner/results/schema.js';
import { FIXTURE_FILE, fixture } from './fixture.js';

const GOOD = {
  source: 'A Guide',
  scenario: 'json',
  overheadScenario: 'create-product',
  claims: { fastapi: 15000, express: 12000 },
  note: 'no method',
};

function writeTemp(json: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sb-reference-')), 'results.json');
  writeFileSync(file, JSON.stringify(json));
  return file;
}

describe('results.reference', () => {
  it('is optional: a version 1 file and a version 2 file without it still load', async () => {
    const v1 = await readResults(FIXTURE_FILE);
    expect(v1.reference).toBeUndefined();
    const v2 = fixture();
    expect(await readResults(writeTemp(v2))).toEqual(v2);
  });

  it('round-trips through a results file', async () => {
    const r = { ...fixture(), reference: GOOD };
    expect((await readResults(writeTemp(r))).reference).toEqual(GOOD);
  });

  it('needs only source, scenario and claims', () => {
    expect(Reference.parse({ source: 's', scenario: 'json', claims: {} })).toEqual({
      source: 's',
      scenario: 'json',
      claims: {},
    });
  });

  it('names every bad field of a bad reference, expected and got', async () => {
    const bad = {
      ...fixture(),
      reference: {
        source: '',
        claims: { express: -12000, flask: '3000' },
        typo: true,
      },
    };
    const error = await readResults(writeTemp(bad)).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(/invalid results file/);
    const lines = error?.message.split('\n') ?? [];
    const about = (path: string) => lines.filter((l) => l.startsWith(`  ${path}:`));
    expect(about('reference.source')).toHaveLength(1);
    expect(about('reference.scenario')[0]).toMatch(/expected string, received undefined/);
    expect(about('reference.claims.express')[0]).toMatch(/expected number to be >0/);
    expect(about('reference.claims.flask')[0]).toMatch(/expected number, received string/);
    expect(about('reference')[0]).toMatch(/Unrecognized key: "typo"/);
  });
});

describe('results.stacks[].serverConfig', () => {
  it('is recorded for every stack this checkout knows, and optional on read', () => {
    const r = fixture();
    for (const s of r.stacks) expect(typeof s.serverConfig, s.name).toBe('string');
    const without = { ...r, stacks: r.stacks.map(({ serverConfig: _, ...rest }) => rest) };
    expect(Results.safeParse(without).success).toBe(true);
  });

  it('must be a string when present', () => {
    const r = fixture();
    const bad = { ...r, stacks: r.stacks.map((s) => ({ ...s, serverConfig: 4 })) };
    const parsed = Results.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['stacks', 0, 'serverConfig']);
  });
});
