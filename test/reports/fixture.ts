/** The hand-made results file every report test renders, and variants of it. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { upgradeResults } from '../../runner/results/migrate.js';
import { Results } from '../../runner/results/schema.js';

export const FIXTURE_FILE = fileURLToPath(
  new URL('../fixtures/results-small.json', import.meta.url),
);

/** The raw JSON of the fixture (a schema version 1 file), before upgrade and schema defaults. */
export function fixtureJson(): unknown {
  return JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as unknown;
}

/** The fixture, upgraded to the current version and parsed (a fresh copy on every call). */
export function fixture(): Results {
  return Results.parse(upgradeResults(fixtureJson()));
}

/** A parsed copy of the fixture after `edit`, validated again so a variant is always a legal file. */
export function variant(edit: (r: Results) => void): Results {
  const r = fixture();
  edit(r);
  return Results.parse(r);
}

/**
 * results-small.json plus the optional parts: docker isolation with a container overhead,
 * three driver ceilings, and capacity searches of two stacks on get-product.
 */
export const EXTENDED_FIXTURE_FILE = fileURLToPath(
  new URL('../fixtures/results-extended.json', import.meta.url),
);

export function extendedFixtureJson(): unknown {
  return JSON.parse(readFileSync(EXTENDED_FIXTURE_FILE, 'utf8')) as unknown;
}

/** The extended fixture (version 1), upgraded and parsed (a fresh copy on every call). */
export function extendedFixture(): Results {
  return Results.parse(upgradeResults(extendedFixtureJson()));
}

/** A parsed copy of the extended fixture after `edit`, validated again. */
export function extendedVariant(edit: (r: Results) => void): Results {
  const r = extendedFixture();
  edit(r);
  return Results.parse(r);
}
