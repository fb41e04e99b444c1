/** Per-cell summaries (results.json `summary[]`), a pure function of the trials and the seed. */
import type { Cell, MetricSummary, Trial } from './schema.js';
import { createRng, deriveSeed } from '../stats/random.js';
import { median } from '../stats/describe.js';
import { pairedRatioCi } from '../stats/bootstrap.js';
import { summarize } from '../stats/summary.js';
import { validationOverhead } from '../stats/overhead.js';

export const BASELINE_STACK = 'node-http';
/** A cell whose req/s varies more than this across rounds is flagged noisy. */
export const NOISY_CV = 0.1;

const cellKey = (t: { stack: string; scenario: string; validation: string }) =>
  `${t.stack}|${t.scenario}|${t.validation}`;

/** Trials whose numbers count: valid ones and generator-bound ones (flagged as floors). */
const measured = (t: Trial): t is Trial & { metrics: NonNullable<Trial['metrics']> } =>
  (t.state === 'valid' || t.state === 'generator-bound') && t.metrics !== undefined;

export function summarizeTrials(trials: readonly Trial[], seed: number): Cell[] {
  const groups = new Map<string, Trial[]>();
  for (const trial of trials) {
    const key = cellKey(trial);
    groups.set(key, [...(groups.get(key) ?? []), trial]);
  }
  const byRound = (key: string) => {
    const map = new Map<number, NonNullable<Trial['metrics']>>();
    for (const t of groups.get(key) ?? []) if (measured(t)) map.set(t.round, t.metrics);
    return map;
  };

  const cells: Cell[] = [];
  for (const [key, group] of groups) {
    const first = group[0]!;
    const ok = group.filter(measured);
    const opts = (metric: string) => ({ rng: createRng(deriveSeed(seed, `${key}/${metric}`)) });
    const metric = (name: string, values: number[]): MetricSummary => {
      const s = summarize(values, opts(name));
      return {
        estimate: s.median.estimate,
        low: s.median.low,
        high: s.median.high,
        cv: Number.isFinite(s.cv) ? s.cv : 0,
      };
    };
    const cell: Cell = {
      stack: first.stack,
      scenario: first.scenario,
      validation: first.validation,
      trials: group.length,
      valid: group.filter((t) => t.state === 'valid').length,
      flags: [],
    };
    if (ok.length > 0) {
      const m = ok.map((t) => t.metrics);
      cell.rps = metric(
        'rps',
        m.map((x) => x.rps),
      );
      cell.latencyUs = {
        p50: metric(
          'p50',
          m.map((x) => x.latencyUs.p50),
        ),
        p90: metric(
          'p90',
          m.map((x) => x.latencyUs.p90),
        ),
        p99: metric(
          'p99',
          m.map((x) => x.latencyUs.p99),
        ),
        p999: metric(
          'p999',
          m.map((x) => x.latencyUs.p999),
        ),
      };
      cell.cpuUsPerRequest = metric(
        'cpu',
        m.map((x) => x.cpuUsPerRequest),
      );
      cell.rssPeakBytes = median(m.map((x) => x.rssPeakBytes));

      const mine = byRound(key);
      if (first.stack !== BASELINE_STACK) {
        const base = byRound(cellKey({ ...first, stack: BASELINE_STACK }));
        const rounds = [...mine.keys()].filter((r) => base.has(r));
        if (rounds.length > 0) {
          cell.ratioToBaseline = pairedRatioCi(
            rounds.map((r) => mine.get(r)!.rps),
            rounds.map((r) => base.get(r)!.rps),
            opts('ratio'),
          );
        }
      }
      if (first.validation !== 'off') {
        const off = byRound(cellKey({ ...first, validation: 'off' }));
        const rounds = [...mine.keys()].filter((r) => off.has(r));
        if (rounds.length > 0) {
          const series = (map: typeof mine) => ({
            cpuUsPerRequest: rounds.map((r) => map.get(r)!.cpuUsPerRequest),
            requestsPerSecond: rounds.map((r) => map.get(r)!.rps),
          });
          const o = validationOverhead(series(mine), series(off), opts('overhead'));
          cell.validationOverhead = {
            cpuUsPerRequest: o.cpuUsPerRequest,
            throughputPercent: o.throughputLossPercent,
          };
        }
      }
    }
    const flags = new Set<string>();
    if (ok.length === 0) flags.add('no-valid-trials');
    if (group.some((t) => t.state === 'generator-bound')) flags.add('generator-bound');
    if (group.some((t) => t.state === 'invalid' || t.state === 'crashed'))
      flags.add('invalid-trials');
    if (group.some((t) => t.flags.includes('not-saturated'))) flags.add('not-saturated');
    if (ok.length === 1) flags.add('single-trial');
    if ((cell.rps?.cv ?? 0) > NOISY_CV) flags.add('noisy');
    cell.flags = [...flags];
    cells.push(cell);
  }
  return cells;
}
