import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvDocument, csvField, summaryCsv, trialsCsv } from '../../reports/csv.js';
import { fixture, variant } from './fixture.js';
import { expectGolden } from './golden.js';

/** Parses with an independent RFC 4180 parser (csv-parse), header row as keys. */
function records(text: string): Record<string, string>[] {
  return parse(text, { columns: true, record_delimiter: '\r\n', relax_column_count: false });
}

describe('trialsCsv', () => {
  const results = fixture();
  const text = trialsCsv([results]);

  it('matches the golden file', () => {
    expectGolden('trials.csv', text);
  });

  it('has one row per trial that parses back to the fixture values', () => {
    const rows = records(text);
    expect(rows).toHaveLength(results.trials.length);
    for (const t of results.trials) {
      const row = rows.find((r) => r.trial_id === t.id);
      expect(row, t.id).toBeDefined();
      expect(row?.run_id).toBe(results.runId);
      expect(row?.stack).toBe(t.stack);
      expect(row?.state).toBe(t.state);
      expect(Number(row?.round)).toBe(t.round);
      if (t.metrics) {
        expect(Number(row?.rps)).toBe(t.metrics.rps);
        expect(Number(row?.latency_p999_us)).toBe(t.metrics.latencyUs.p999);
        expect(Number(row?.cpu_us_per_request)).toBe(t.metrics.cpuUsPerRequest);
        for (const [status, count] of Object.entries(t.metrics.statusCounts)) {
          expect(Number(row?.[`status_${status}`])).toBe(count);
        }
      }
    }
  });

  it('gives every status its own column and leaves a crashed trial’s metrics empty', () => {
    const rows = records(text);
    const header = text.split('\r\n')[0]?.split(',') ?? [];
    expect(header.filter((h) => h.startsWith('status_'))).toEqual([
      'status_200',
      'status_404',
      'status_500',
    ]);
    const invalid = rows.find((r) => r.state === 'invalid');
    expect(invalid?.status_500).toBe('37');
    expect(invalid?.reason).toBe('37 unexpected statuses (500)');
    const crashed = rows.find((r) => r.state === 'crashed');
    expect(crashed?.reason).toBe('server exited with code 1 before /ready');
    expect(crashed?.rps).toBe('');
    expect(crashed?.status_200).toBe('');
    expect(rows.find((r) => r.flags !== '')?.flags).toBe('not-saturated');
  });

  it('ends every line with CRLF and quotes fields that need it (RFC 4180)', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const awkward = 'boom, "quoted"\r\nsecond line';
    const r = variant((v) => {
      const t = v.trials.find((x) => x.state === 'invalid');
      if (t) t.reason = awkward;
    });
    const rows = records(trialsCsv([r]));
    expect(rows.find((x) => x.state === 'invalid')?.reason).toBe(awkward);
  });

  it('puts several results files in one table, told apart by run_id', () => {
    const second = variant((v) => {
      v.runId = 'second';
    });
    const rows = records(trialsCsv([results, second]));
    expect(rows).toHaveLength(96);
    expect(rows.filter((r) => r.run_id === 'second')).toHaveLength(48);
  });
});

describe('summaryCsv', () => {
  const results = fixture();
  const text = summaryCsv([results]);

  it('matches the golden file', () => {
    expectGolden('summary.csv', text);
  });

  it('has one row per cell with estimate, low, high and cv', () => {
    const rows = records(text);
    expect(rows).toHaveLength(results.summary.length);
    for (const c of results.summary) {
      const row = rows.find(
        (r) => r.stack === c.stack && r.scenario === c.scenario && r.validation === c.validation,
      );
      // Compared as text: a missing value must be an empty field, not 0.
      const field = (v: number | undefined): string => (v === undefined ? '' : String(v));
      expect(row?.rps_estimate).toBe(field(c.rps?.estimate));
      expect(row?.rps_low).toBe(field(c.rps?.low));
      expect(row?.rps_high).toBe(field(c.rps?.high));
      expect(row?.rps_cv).toBe(field(c.rps?.cv));
      expect(row?.latency_p99_us_estimate).toBe(field(c.latencyUs?.p99.estimate));
      expect(row?.ratio_to_baseline_estimate).toBe(field(c.ratioToBaseline?.estimate));
      expect(row?.validation_overhead_cpu_us_per_request_estimate).toBe(
        field(c.validationOverhead?.cpuUsPerRequest.estimate),
      );
      expect(row?.validation_overhead_throughput_percent_low).toBe(
        field(c.validationOverhead?.throughputPercent.low),
      );
      expect(row?.flags).toBe(c.flags.join(';'));
    }
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [12.5, '12.5'],
    [undefined, ''],
    [Number.NaN, ''],
  ])('%j → %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('builds a document', () => {
    expect(csvDocument(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});
