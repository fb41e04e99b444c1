/**
 * The report's tables of latency at equal offered load and of a sweep (they share their
 * columns through reports/point-table.ts), from the hand-made phases of phase-fixture.ts;
 * expected rows written by hand from those numbers.
 */
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../reports/markdown.js';
import { variant } from './fixture.js';
import { withEqualLoad, withSweep } from './phase-fixture.js';

const markdown = renderMarkdown([
  variant((r) => {
    withEqualLoad(r);
    withSweep(r);
  }),
]);

/** The body rows of the table under `heading`, as trimmed cells. */
function rowsUnder(heading: string): string[][] {
  const after = markdown.slice(markdown.indexOf(`## ${heading}`));
  const table = after.slice(0, after.indexOf('\n\n', after.indexOf('\n| ')));
  return table
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2)
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

describe('the equal-load section', () => {
  it('lists every point by offered rate, baseline first, latencies with intervals', () => {
    expect(rowsUnder('Latency at equal offered load (embedded, open model)')).toEqual([
      [
        'get-product',
        'node:http',
        'zod',
        '2,000',
        '50 % of slowest',
        '2,000',
        '400 µs (390 µs–410 µs)',
        '2.50 ms (2.40 ms–2.60 ms)',
        '—',
        '1/1',
        '',
      ],
      [
        'get-product',
        'Express 5',
        'zod',
        '2,000',
        '50 % of slowest, 50 % of own',
        '1,990',
        '800 µs (790 µs–810 µs)',
        '5.00 ms (4.90 ms–5.10 ms)',
        // 0.8–3.5× includes 1: the largest effect it allows is 3.5 − 1 = +250 %.
        'within noise (±250 %)',
        '1/2',
        'invalid-trials',
      ],
      [
        'get-product',
        'node:http',
        'zod',
        '4,000',
        '50 % of own',
        '3,995',
        '450 µs (440 µs–460 µs)',
        '3.00 ms (2.90 ms–3.10 ms)',
        '—',
        '1/1',
        'single-trial',
      ],
    ]);
  });
});

describe('the sweep section', () => {
  it('lists every point by stack then level, the knee marked', () => {
    expect(rowsUnder('Sweep over connections (closed model)')).toEqual([
      [
        'json',
        'node:http',
        'zod',
        '8 (knee)',
        '11,000',
        '700 µs (690 µs–710 µs)',
        '2.00 ms (1.90 ms–2.10 ms)',
        '1/1',
        '',
      ],
      [
        'json',
        'node:http',
        'zod',
        '32',
        '12,000',
        '2.60 ms (2.59 ms–2.61 ms)',
        '9.00 ms (8.90 ms–9.10 ms)',
        '1/1',
        '',
      ],
      [
        'json',
        'Express 5',
        'zod',
        '8',
        '3,000',
        '2.60 ms (2.59 ms–2.61 ms)',
        '6.00 ms (5.90 ms–6.10 ms)',
        '1/1',
        'generator-bound',
      ],
    ]);
  });
});
