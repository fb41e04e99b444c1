/**
 * equal-load.csv, sweep.csv and their trial files, from a hand-made results file: the
 * fixture plus an equal-load phase and a sweep whose every number is written below, and the
 * expected rows written by hand from them (not printed by the code under test).
 */
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  equalLoadCsv,
  equalLoadTrialsCsv,
  sweepCsv,
  sweepTrialsCsv,
} from '../../reports/csv-phases.js';
import { csvRenderer } from '../../reports/csv.js';
import type { Results } from '../../runner/results/schema.js';
import { fixture, variant } from './fixture.js';
import { withEqualLoad, withSweep } from './phase-fixture.js';

function records(text: string): Record<string, string>[] {
  return parse(text, { columns: true, record_delimiter: '\r\n', relax_column_count: false });
}

const percentileColumns = ['p50', 'p90', 'p99', 'p999'].flatMap((p) =>
  ['estimate', 'low', 'high', 'cv'].map((s) => `latency_${p}_us_${s}`),
);

describe('equal-load.csv', () => {
  const results = variant(withEqualLoad);
  const text = equalLoadCsv([results]);
  const rows = records(text);

  it('has the documented columns', () => {
    expect(text.split('\r\n')[0]?.split(',')).toEqual([
      'run_id',
      'stack',
      'scenario',
      'validation',
      'offered_rps',
      'fraction_of_slowest',
      'fraction_of_own',
      'trials',
      'valid',
      'dropped',
      'errors',
      'timeouts',
      'unexpected_statuses',
      'achieved_rps_estimate',
      'achieved_rps_low',
      'achieved_rps_high',
      'achieved_rps_cv',
      ...percentileColumns,
      'latency_p50_ratio_to_baseline_estimate',
      'latency_p50_ratio_to_baseline_low',
      'latency_p50_ratio_to_baseline_high',
      'latency_p50_ratio_to_baseline_pairs',
      'latency_p50_ratio_to_baseline_reading',
      'latency_p99_ratio_to_baseline_estimate',
      'latency_p99_ratio_to_baseline_low',
      'latency_p99_ratio_to_baseline_high',
      'latency_p99_ratio_to_baseline_pairs',
      'latency_p99_ratio_to_baseline_reading',
      'flags',
    ]);
  });

  it('puts one row per point in report order: offered rate, then the baseline first', () => {
    expect(rows.map((r) => [r.stack, r.offered_rps])).toEqual([
      ['node-http', '2000'],
      ['express', '2000'],
      ['node-http', '4000'],
    ]);
  });

  it('says what each rate stands for, per basis', () => {
    expect(rows.map((r) => [r.fraction_of_slowest, r.fraction_of_own])).toEqual([
      ['0.5', ''],
      ['0.5', '0.5'],
      ['', '0.5'],
    ]);
  });

  it('writes each latency with its interval and cv, and counts and sums failures over all trials', () => {
    const express = rows[1]!;
    expect(express).toMatchObject({
      run_id: results.runId,
      scenario: 'get-product',
      validation: 'zod',
      trials: '2',
      valid: '1',
      dropped: '40',
      errors: '0',
      timeouts: '3',
      unexpected_statuses: '0',
      achieved_rps_estimate: '1990',
      achieved_rps_low: '1980',
      achieved_rps_high: '2000',
      achieved_rps_cv: '0.05',
      latency_p50_us_estimate: '800',
      latency_p50_us_low: '790',
      latency_p50_us_high: '810',
      latency_p90_us_estimate: '1600',
      latency_p99_us_low: '4900',
      latency_p999_us_high: '10200',
      flags: 'invalid-trials',
    });
    expect(rows[2]).toMatchObject({ dropped: '2', flags: 'single-trial' });
  });

  it('reads the ratios to node:http as the reports do: an effect, or within noise', () => {
    expect(rows[1]).toMatchObject({
      latency_p50_ratio_to_baseline_estimate: '2',
      latency_p50_ratio_to_baseline_low: '1.5',
      latency_p50_ratio_to_baseline_high: '2.5',
      latency_p50_ratio_to_baseline_pairs: '3',
      latency_p50_ratio_to_baseline_reading: 'effect',
      latency_p99_ratio_to_baseline_low: '0.8',
      latency_p99_ratio_to_baseline_high: '3.5',
      latency_p99_ratio_to_baseline_reading: 'within-noise',
    });
    // node:http has no ratio to itself: empty fields, not 0 or 1.
    expect(rows[0]?.latency_p99_ratio_to_baseline_estimate).toBe('');
    expect(rows[0]?.latency_p99_ratio_to_baseline_reading).toBe('');
  });

  it('reads a ratio from fewer than 3 pairs as too few pairs', () => {
    const few = variant((r) => {
      withEqualLoad(r);
      const cell = r.equalLoad!.summary.find((c) => c.stack === 'express')!;
      cell.ratioToBaseline!.p99.n = 2;
    });
    const express = records(equalLoadCsv([few])).find((r) => r.stack === 'express');
    expect(express?.latency_p99_ratio_to_baseline_pairs).toBe('2');
    expect(express?.latency_p99_ratio_to_baseline_reading).toBe('too-few-pairs');
  });

  it('has one trial row per equal-load trial, with its state, rate and drops', () => {
    const trials = records(equalLoadTrialsCsv([results]));
    expect(
      trials.map((t) => [t.trial_id, t.state, t.offered_rps, t.fraction_of_own, t.dropped]),
    ).toEqual([
      ['e1-1', 'valid', '2000', '0.5', '0'],
      ['e1-2', 'valid', '2000', '', '0'],
      ['e1-3', 'valid', '4000', '0.5', '2'],
      ['e2-1', 'invalid', '2000', '0.5', '40'],
    ]);
    expect(trials[0]).toMatchObject({
      server_cores: '1',
      server_busy_percent: '97.5',
      generator_busy_percent: '44',
      other_cpu_percent: '3.2',
    });
    // Not measured: empty, not 0.
    expect(trials[1]).toMatchObject({ server_busy_percent: '', other_cpu_percent: '' });
    expect(trials[3]).toMatchObject({
      reason: '40 requests dropped, 3 timeouts',
      latency_p99_us: '9000',
      timeouts: '3',
      status_200: '3800',
    });
  });
});

describe('sweep.csv', () => {
  const results = variant(withSweep);
  const text = sweepCsv([results]);
  const rows = records(text);

  it('has the documented columns', () => {
    expect(text.split('\r\n')[0]?.split(',')).toEqual([
      'run_id',
      'level_kind',
      'level',
      'stack',
      'scenario',
      'validation',
      'trials',
      'measured',
      'dropped',
      'errors',
      'timeouts',
      'unexpected_statuses',
      'rps_estimate',
      'rps_low',
      'rps_high',
      'rps_cv',
      ...percentileColumns,
      'knee',
      'flags',
    ]);
  });

  it('puts one row per point, by stack then level, and marks the knee', () => {
    expect(rows.map((r) => [r.level_kind, r.stack, r.level, r.knee, r.rps_estimate])).toEqual([
      ['connections', 'node-http', '8', 'true', '11000'],
      ['connections', 'node-http', '32', 'false', '12000'],
      ['connections', 'express', '8', 'false', '3000'],
    ]);
    expect(rows[1]).toMatchObject({
      errors: '1',
      latency_p99_us_estimate: '9000',
      latency_p99_us_low: '8900',
      latency_p99_us_high: '9100',
    });
    expect(rows[2]?.flags).toBe('generator-bound');
  });

  it('calls an open-model level a rate', () => {
    const open = variant((r) => {
      withSweep(r);
      r.sweep!.model = 'open';
    });
    expect(records(sweepCsv([open])).map((r) => r.level_kind)).toEqual(['rate', 'rate', 'rate']);
    expect(records(sweepTrialsCsv([open])).map((r) => r.level_kind)).toEqual([
      'rate',
      'rate',
      'rate',
    ]);
  });

  it('has one trial row per sweep trial, with its level', () => {
    const trials = records(sweepTrialsCsv([results]));
    expect(trials.map((t) => [t.trial_id, t.level_kind, t.level, t.state])).toEqual([
      ['s1-1', 'connections', '32', 'valid'],
      ['s1-2', 'connections', '8', 'valid'],
      ['s1-3', 'connections', '8', 'generator-bound'],
    ]);
  });
});

describe('the CSV renderer', () => {
  const files = (r: Results) => csvRenderer.render([r]).map((f) => f.file);

  it('writes the phase files only when a results file holds the phase', () => {
    expect(files(fixture())).toEqual(['trials.csv', 'summary.csv']);
    expect(
      files(
        variant((r) => {
          withEqualLoad(r);
          withSweep(r);
        }),
      ),
    ).toEqual([
      'trials.csv',
      'summary.csv',
      'equal-load.csv',
      'equal-load-trials.csv',
      'sweep.csv',
      'sweep-trials.csv',
    ]);
  });

  it('tells several results files apart by run_id', () => {
    const first = variant(withEqualLoad);
    const second = variant((r) => {
      withEqualLoad(r);
      r.runId = 'second';
    });
    const rows = records(equalLoadCsv([first, second]));
    expect(rows.map((r) => r.run_id)).toEqual([
      first.runId,
      first.runId,
      first.runId,
      'second',
      'second',
      'second',
    ]);
  });
});
