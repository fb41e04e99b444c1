/** The hand-made results file every report test renders, and variants of it. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Results } from '../../runner/results/schema.js';

export const FIXTURE_FILE = fileURLToPath(
  new URL('../fixtures/results-small.json', import.meta.url),
);

/** The raw JSON of the fixture, before schema defaults apply. */
export function fixtureJson(): unknown {
  return JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as unknown;
}

/** The fixture, parsed by the results schema (a fresh copy on every call). */
export function fixture(): Results {
  return Results.parse(fixtureJson());
}

/** A parsed copy of the fixture after `edit`, validated again so a variant is always a legal file. */
export function variant(edit: (r: Results) => void): Results {
  const r = fixture();
  edit(r);
  return Results.parse(r);
}
