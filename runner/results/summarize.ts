/**
 * Per-cell summaries (results.json `summary[]`), a pure function of the trials and the seed.
 *
 * The unit is the server process (one trial), not the window: a trial's windows are
 * averaged first, then cells are summarised over trials and derived figures (ratio to
 * node-http, validation overhead) are paired by round with the round as the unit
 * (see runner/stats/clustered.ts). Only valid — saturated — windows enter throughput and
 * CPU comparisons.
 */
import type { Cell, Estimate, MetricSummary, Trial, TrialMetrics } from './schema.js';
import { BASELINE_STACK } from '../../servers/stacks.js';
import { cellKey } from './cells.js';
import { createRng, deriveSeed } from '../stats/random.js';
import { median } from '../stats/describe.js';
import { summarize } from '../stats/summary.js';
import {
  pairedDifferenceByRound,
  pairedRatioByRound,
  unitMeans,
  type UnitInterval,
} from '../stats/clustered.js';

import { MIN_PAIRS, NOISY_CV } from '../../shared/results/cells.js';

export { BASELINE_STACK, NOISY_CV };

/** Which windows a cell's level figures come from, best first. */
const CLASSES = ['valid', 'generator-bound', 'not-saturated'] as const;
type WindowClass = (typeof CLASSES)[number];

/** A trial's windows of one state (a trial without windows is its own single window). */
export function windowsOf(trial: Trial, state: WindowClass): TrialMetrics[] {
  if (trial.state === 'crashed' || trial.state === 'invalid') return [];
  if (trial.windows !== undefined)
    return trial.windows.filter((w) => w.state === state).map((w) => w.metrics);
  return trial.state === state && trial.metrics !== undefined ? [trial.metrics] : [];
}

/** Per round, the valid windows' values of one metric (one trial per cell and round). */
type RoundWindows = Map<number, number[]>;

const toEstimate = (i: UnitInterval): Estimate => ({
  estimate: i.estimate,
  low: i.low,
  high: i.high,
  n: i.n,
});

export function summarizeTrials(trials: readonly Trial[], seed: number): Cell[] {
  const groups = new Map<string, Trial[]>();
  for (const trial of trials) {
    const key = cellKey(trial);
    groups.set(key, [...(groups.get(key) ?? []), trial]);
  }
  const validByRound = (key: string, pick: (m: TrialMetrics) => number): RoundWindows => {
    const map: RoundWindows = new Map();
    for (const t of groups.get(key) ?? []) {
      const values = windowsOf(t, 'valid').map(pick);
      if (values.length > 0) map.set(t.round, values);
    }
    return map;
  };
  /** The rounds both hold, as two aligned lists of window values. */
  const paired = (a: RoundWindows, b: RoundWindows) => {
    const rounds = [...a.keys()].filter((r) => b.has(r)).sort((x, y) => x - y);
    return [rounds.map((r) => a.get(r)!), rounds.map((r) => b.get(r)!)] as const;
  };

  const cells: Cell[] = [];
  for (const [key, group] of groups) {
    const first = group[0]!;
    // The bootstrap's seed label is the cell as first written (`stack|scenario|validation`),
    // so intervals stay reproducible across versions: it is a seed, not a key.
    const label = `${first.stack}|${first.scenario}|${first.validation}`;
    const opts = (metric: string) => ({ rng: createRng(deriveSeed(seed, `${label}/${metric}`)) });
    const flags = new Set<string>();
    const cell: Cell = {
      stack: first.stack,
      scenario: first.scenario,
      validation: first.validation,
      trials: group.length,
      valid: group.filter((t) => t.state === 'valid').length,
      flags: [],
    };

    // Level figures: per trial the mean of its windows of the best class there is.
    const source = CLASSES.find((c) => group.some((t) => windowsOf(t, c).length > 0));
    if (source !== undefined) {
      if (source !== 'valid') flags.add(source);
      const units = group.map((t) => windowsOf(t, source)).filter((w) => w.length > 0);
      const metric = (name: string, pick: (m: TrialMetrics) => number): MetricSummary => {
        const s = summarize(unitMeans(units.map((w) => w.map(pick))), opts(name));
        return {
          estimate: s.median.estimate,
          low: s.median.low,
          high: s.median.high,
          cv: Number.isFinite(s.cv) ? s.cv : 0,
        };
      };
      cell.rps = metric('rps', (m) => m.rps);
      cell.latencyUs = {
        p50: metric('p50', (m) => m.latencyUs.p50),
        p90: metric('p90', (m) => m.latencyUs.p90),
        p99: metric('p99', (m) => m.latencyUs.p99),
        p999: metric('p999', (m) => m.latencyUs.p999),
      };
      cell.cpuUsPerRequest = metric('cpu', (m) => m.cpuUsPerRequest);
      cell.rssPeakBytes = median(unitMeans(units.map((w) => w.map((m) => m.rssPeakBytes))));
      if (units.length === 1) flags.add('single-trial');
    } else flags.add('no-valid-trials');

    // Derived figures: valid windows only, paired by round, the round as the unit.
    let fewest = Number.POSITIVE_INFINITY;
    const rps = (m: TrialMetrics) => m.rps;
    if (first.stack !== BASELINE_STACK) {
      const [mine, base] = paired(
        validByRound(key, rps),
        validByRound(cellKey({ ...first, stack: BASELINE_STACK }), rps),
      );
      if (mine.length > 0) {
        cell.ratioToBaseline = toEstimate(pairedRatioByRound(mine, base));
        fewest = Math.min(fewest, mine.length);
      }
    }
    if (first.validation !== 'off') {
      const offKey = cellKey({ ...first, validation: 'off' });
      const cpu = (m: TrialMetrics) => m.cpuUsPerRequest;
      const [onCpu, offCpu] = paired(validByRound(key, cpu), validByRound(offKey, cpu));
      const [onRps, offRps] = paired(validByRound(key, rps), validByRound(offKey, rps));
      if (onCpu.length > 0 && onRps.length > 0) {
        const ratio = pairedRatioByRound(onRps, offRps);
        const toLoss = (x: number) => 100 * (1 - x);
        cell.validationOverhead = {
          cpuUsPerRequest: toEstimate(pairedDifferenceByRound(onCpu, offCpu)),
          // x ↦ 100·(1 − x) reverses the order: the loss's low comes from the ratio's high.
          throughputPercent: {
            estimate: toLoss(ratio.estimate),
            low: toLoss(ratio.high),
            high: toLoss(ratio.low),
            n: ratio.n,
          },
        };
        fewest = Math.min(fewest, onCpu.length, onRps.length);
      }
    }
    if (fewest < MIN_PAIRS) flags.add('too-few-pairs');

    if (group.some((t) => t.state === 'invalid' || t.state === 'crashed'))
      flags.add('invalid-trials');
    const unsaturated = (t: Trial) =>
      t.state === 'not-saturated' || (t.windows ?? []).some((w) => w.state === 'not-saturated');
    if (group.some(unsaturated)) flags.add('not-saturated');
    const contended = (t: Trial) =>
      t.state === 'contended' || (t.windows ?? []).some((w) => w.state === 'contended');
    if (group.some(contended)) flags.add('contended');
    if ((cell.rps?.cv ?? 0) > NOISY_CV) flags.add('noisy');
    cell.flags = [...flags];
    cells.push(cell);
  }
  return cells;
}
