/**
 * Golden files: `UPDATE_GOLDEN=1 npx vitest run test/reports` (re)writes test/golden/*;
 * without it, a test compares its output with the stored file and fails on any difference.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const HOW = 'run `UPDATE_GOLDEN=1 npx vitest run test/reports` and review the diff';

export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`Golden file test/golden/${name} is missing: to create it, ${HOW}`);
  }
  expect(
    actual,
    `${name} differs from test/golden/${name}; if the change is intended, ${HOW}`,
  ).toBe(expected);
}
