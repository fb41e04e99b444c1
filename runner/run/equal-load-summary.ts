/**
 * Latency at equal offered load, summarised per (stack, scenario, validation, offered rate): a
 * pure function of the open-model trials and the seed. Medians with 95 % bootstrap intervals
 * over the server processes (one per trial, its windows averaged), and — where every stack was
 * offered the same rate (basis `slowest`) — latency relative to node-http at that rate, paired
 * by round with the round as the unit (runner/stats/clustered.ts, as the saturated phase's
 * ratios).
 */
import type {
  EqualLoadCell,
  EqualLoadTrial,
  MetricSummary,
  TrialMetrics,
} from '../results/schema.js';
import { BASELINE_STACK, NOISY_CV } from '../results/summarize.js';
import { MIN_PAIRS } from '../../shared/results/cells.js';
import { pairedRatioByRound, unitMeans } from '../stats/clustered.js';
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

type Measured = EqualLoadTrial & { metrics: TrialMetrics };
const windowsOf = (t: Measured): TrialMetrics[] =>
  t.windows !== undefined && t.windows.length > 0 ? t.windows.map((w) => w.metrics) : [t.metrics];
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
  /** Per round, the trial's measured windows (a trial without windows is its own one). */
  const byRound = (key: string) => {
    const map = new Map<number, TrialMetrics[]>();
    for (const t of groups.get(key) ?? []) if (usable(t)) map.set(t.round, windowsOf(t));
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
      // One value per server process: the mean over its windows.
      const perTrial = (pick: (m: TrialMetrics) => number) =>
        unitMeans(ok.map((t) => windowsOf(t).map(pick)));
      cell.achievedRps = metric(
        'rps',
        perTrial((m) => m.rps),
      );
      const latency = (p: 'p50' | 'p90' | 'p99' | 'p999') =>
        metric(
          p,
          perTrial((m) => m.latencyUs[p]),
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
        const positive = rounds.filter((r) =>
          [mine, base].every((m) =>
            m.get(r)!.every((w) => w.latencyUs.p50 > 0 && w.latencyUs.p99 > 0),
          ),
        );
        if (positive.length > 0) {
          const ratio = (p: 'p50' | 'p99') => {
            const pick = (m: Map<number, TrialMetrics[]>) =>
              positive.map((r) => m.get(r)!.map((w) => w.latencyUs[p]));
            const i = pairedRatioByRound(pick(mine), pick(base));
            return { estimate: i.estimate, low: i.low, high: i.high, n: i.n };
          };
          cell.ratioToBaseline = { p50: ratio('p50'), p99: ratio('p99') };
          if (positive.length < MIN_PAIRS) flags.add('too-few-pairs');
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
