/**
 * Latency at equal offered load, summarised per (stack, scenario, validation, offered rate): a
 * pure function of the open-model trials and the seed. Medians with 95 % bootstrap intervals
 * over the rounds, and — where every stack was offered the same rate (basis `slowest`) —
 * latency relative to node-http at that rate, paired by round.
 */
import type { EqualLoadCell, EqualLoadTrial, MetricSummary, Trial } from '../results/schema.js';
import { BASELINE_STACK, NOISY_CV } from '../results/summarize.js';
import { pairedRatioCi } from '../stats/bootstrap.js';
import { createRng, deriveSeed } from '../stats/random.js';
import { summarize } from '../stats/summary.js';

/** Below this share of the offered rate achieved, a cell is flagged `rate-not-held`. */
export const HELD_SHARE = 0.9;

export const equalLoadCellKey = (t: {
  stack: string;
  scenario: string;
  validation: string;
  offeredRps: number;
}) => `${t.stack}|${t.scenario}|${t.validation}|${t.offeredRps}`;

type Measured = EqualLoadTrial & { metrics: NonNullable<Trial['metrics']> };
/** Only valid trials: an open-model trial that dropped, erred or was generator-bound did not hold the rate. */
const usable = (t: EqualLoadTrial): t is Measured => t.state === 'valid' && t.metrics !== undefined;

export interface EqualLoadSummaryOptions {
  /** The stack the ratios are relative to. @default 'node-http' */
  baseline?: string;
  /** Flags the plan knew before measuring (e.g. `capacity-floor`), per cell. */
  flagsFor?: (cell: {
    stack: string;
    scenario: string;
    validation: string;
    offeredRps: number;
  }) => readonly string[];
}

export function summarizeEqualLoad(
  trials: readonly EqualLoadTrial[],
  seed: number,
  options: EqualLoadSummaryOptions = {},
): EqualLoadCell[] {
  const baseline = options.baseline ?? BASELINE_STACK;
  const groups = new Map<string, EqualLoadTrial[]>();
  for (const t of trials) {
    const key = equalLoadCellKey(t);
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const byRound = (key: string) => {
    const map = new Map<number, Measured['metrics']>();
    for (const t of groups.get(key) ?? []) if (usable(t)) map.set(t.round, t.metrics);
    return map;
  };

  const cells: EqualLoadCell[] = [];
  for (const [key, group] of groups) {
    const first = group[0]!;
    const ok = group.filter(usable);
    const rng = (metric: string) => ({
      rng: createRng(deriveSeed(seed, `equal/${key}/${metric}`)),
    });
    const metric = (name: string, values: number[]): MetricSummary => {
      const s = summarize(values, rng(name));
      const cv = Number.isFinite(s.cv) ? s.cv : 0;
      return { estimate: s.median.estimate, low: s.median.low, high: s.median.high, cv };
    };
    const labels = [
      ...new Map(
        group.flatMap((t) => t.labels).map((l) => [`${l.basis}/${l.fraction}`, l]),
      ).values(),
    ];
    const cell: EqualLoadCell = {
      stack: first.stack,
      scenario: first.scenario,
      validation: first.validation,
      offeredRps: first.offeredRps,
      labels,
      trials: group.length,
      valid: ok.length,
      flags: [],
    };
    const flags = new Set(options.flagsFor?.(cell) ?? []);
    if (ok.length > 0) {
      const m = ok.map((t) => t.metrics);
      cell.achievedRps = metric(
        'rps',
        m.map((x) => x.rps),
      );
      const latency = (p: 'p50' | 'p90' | 'p99' | 'p999') =>
        metric(
          p,
          m.map((x) => x.latencyUs[p]),
        );
      cell.latencyUs = {
        p50: latency('p50'),
        p90: latency('p90'),
        p99: latency('p99'),
        p999: latency('p999'),
      };
      if (cell.achievedRps.estimate < HELD_SHARE * cell.offeredRps) flags.add('rate-not-held');
      if (cell.latencyUs.p99.cv > NOISY_CV) flags.add('noisy');
      const sameRate = labels.some((l) => l.basis === 'slowest');
      if (sameRate && first.stack !== baseline) {
        const mine = byRound(key);
        const base = byRound(equalLoadCellKey({ ...first, stack: baseline }));
        const rounds = [...mine.keys()].filter((r) => base.has(r)).sort((a, b) => a - b);
        const positive = rounds.filter(
          (r) => base.get(r)!.latencyUs.p50 > 0 && base.get(r)!.latencyUs.p99 > 0,
        );
        if (positive.length > 0) {
          const ratio = (p: 'p50' | 'p99') =>
            pairedRatioCi(
              positive.map((r) => mine.get(r)!.latencyUs[p]),
              positive.map((r) => base.get(r)!.latencyUs[p]),
              rng(`ratio-${p}`),
            );
          cell.ratioToBaseline = { p50: ratio('p50'), p99: ratio('p99') };
        }
      }
    }
    if (ok.length === 0) flags.add('no-valid-trials');
    if (ok.length === 1) flags.add('single-trial');
    if (group.some((t) => t.state !== 'valid')) flags.add('invalid-trials');
    cell.flags = [...flags];
    cells.push(cell);
  }
  return cells;
}
