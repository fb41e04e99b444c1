import { describe, expect, it } from 'vitest';
import {
  DASH,
  buildTable,
  cell,
  formatBytes,
  formatEstimate,
  formatLatency,
  formatMicros,
  formatNumber,
  formatPercent,
  formatRange,
  formatRatio,
  formatRps,
  formatSigned,
  markdownTable,
  tableToMarkdown,
} from '../../reports/table.js';

describe('number formatting', () => {
  it.each([
    [31204.4, 0, '31,204'],
    [31204.5, 0, '31,205'],
    [1234567.891, 2, '1,234,567.89'],
    [-1.25, 1, '\u22121.2'],
    [-0.04, 1, '0.0'],
    [0, 0, '0'],
    [Number.NaN, 0, DASH],
    [Number.POSITIVE_INFINITY, 0, DASH],
    [undefined, 0, DASH],
  ])('formatNumber(%s, %s) is %s', (n, digits, expected) => {
    expect(formatNumber(n, digits)).toBe(expected);
  });

  it.each([
    [1.84, 1, '+1.8'],
    [-6.2, 1, '\u22126.2'],
    [0, 1, '0.0'],
    [-0.01, 1, '0.0'],
    [undefined, 1, DASH],
  ])('formatSigned(%s, %s) is %s', (n, digits, expected) => {
    expect(formatSigned(n, digits)).toBe(expected);
  });

  it('joins a range with an en dash, or with "to" when a bound carries a sign', () => {
    expect(formatRange('30,880', '31,610')).toBe('30,880–31,610');
    expect(formatRange('\u22128.0', '\u22124.1')).toBe('\u22128.0 to \u22124.1');
    expect(formatRange('+1.2', '+2.4')).toBe('+1.2 to +2.4');
  });

  it('prints an estimate with its CI, the unit after the estimate only', () => {
    expect(formatEstimate({ estimate: 31204, low: 30880, high: 31610 }, formatRps)).toBe(
      '31,204 (30,880–31,610)',
    );
    expect(
      formatEstimate({ estimate: 0.62, low: 0.6, high: 0.64 }, (n) => formatNumber(n, 2), '×'),
    ).toBe('0.62× (0.60–0.64)');
    expect(formatEstimate({ estimate: 1, low: 1, high: 1 }, (n) => formatNumber(n, 2), '×')).toBe(
      '1.00×',
    );
    expect(formatEstimate(undefined, formatRps)).toBe(DASH);
    expect(formatEstimate({ estimate: Number.NaN, low: 1, high: 2 }, formatRps)).toBe(DASH);
  });

  it.each([
    [850.4, '850 µs'],
    [4785, '4.79 ms'],
    [26_300, '26.3 ms'],
    [1_200_000, '1.20 s'],
    [undefined, DASH],
  ])('formatLatency(%s) is %s', (us, expected) => {
    expect(formatLatency(us)).toBe(expected);
  });

  it('formats units', () => {
    expect(formatMicros(51.46)).toBe('51.5 µs');
    expect(formatMicros(1234.4)).toBe('1,234 µs');
    expect(formatRatio(0.4691)).toBe('0.47×');
    expect(formatPercent(16.41)).toBe('16.4 %');
    expect(formatBytes(63_438_848)).toBe('60.5 MiB');
    expect(formatBytes(16_777_216_000)).toBe('15.6 GiB');
    expect(formatBytes(512)).toBe('512 B');
  });
});

describe('markdownTable', () => {
  it('pads columns, aligns them and escapes pipes', () => {
    const text = markdownTable(
      ['Stack', 'req/s'],
      [
        ['a|b', '1'],
        ['node:http', '19,840'],
      ],
      ['left', 'right'],
    );
    expect(text).toBe(
      [
        '| Stack     |  req/s |',
        '| --------- | -----: |',
        '| a\\|b      |      1 |',
        '| node:http | 19,840 |',
      ].join('\n'),
    );
  });

  it('refuses a row with the wrong number of cells, naming it', () => {
    expect(() => markdownTable(['a', 'b'], [['1']])).toThrow(
      'Expected every markdown table row to have 2 cells, got 1 in row 1',
    );
  });

  it('builds tables from columns', () => {
    const table = buildTable(
      [
        { header: 'name', cell: (r: { n: string; v: number }) => cell(r.n) },
        { header: 'value', align: 'right', cell: (r) => cell(formatRps(r.v), r.v) },
      ],
      [{ n: 'x', v: 1500 }],
    );
    expect(table.rows[0]?.[1]).toEqual({ text: '1,500', sort: 1500 });
    expect(tableToMarkdown(table)).toBe('| name | value |\n| ---- | ----: |\n| x    | 1,500 |');
  });
});
