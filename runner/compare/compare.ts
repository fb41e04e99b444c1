/**
 * Comparing two sets of trials cell by cell and metric by metric: a Mann–Whitney U test with
 * Holm correction across everything compared, and a bootstrap CI of the ratio of medians.
 */
import type { Results, Trial } from '../results/schema.js';
import { compareCells, type VerdictKind } from '../stats/verdict.js';
import { median } from '../stats/describe.js';
import { cellKey, isMeasured, parseCellKey } from '../results/cells.js';

export const METRICS = {
  rps: { label: 'req/s', higherIsBetter: true, get: (t: Trial) => t.metrics?.rps },
  p99: { label: 'p99', higherIsBetter: false, get: (t: Trial) => t.metrics?.latencyUs.p99 },
  cpu: {
    label: 'CPU µs/req',
    higherIsBetter: false,
    get: (t: Trial) => t.metrics?.cpuUsPerRequest,
  },
} as const;
export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as MetricName[];

export interface CompareOptions {
  /** Minimum effect, as a fraction (0.05 = 5 %). */
  threshold: number;
  alpha: number;
  seed: number;
  metrics: readonly MetricName[];
}

export interface ComparisonRow {
  stack: string;
  scenario: string;
  validation: string;
  metric: MetricName;
  baseMedian: number;
  headMedian: number;
  baseN: number;
  headN: number;
  ratio: number;
  ci: { low: number; high: number };
  p: number;
  adjustedP: number;
  verdict: VerdictKind;
}

export interface Comparison {
  rows: ComparisonRow[];
  /** Cells in only one of the two results (not compared). */
  unmatched: string[];
  regressions: number;
}

function groups(trials: readonly Trial[]): Map<string, Trial[]> {
  const map = new Map<string, Trial[]>();
  for (const t of trials.filter(isMeasured))
    map.set(cellKey(t), [...(map.get(cellKey(t)) ?? []), t]);
  return map;
}

export function compareTrials(
  base: readonly Trial[],
  head: readonly Trial[],
  options: CompareOptions,
): Comparison {
  const a = groups(base);
  const b = groups(head);
  const unmatched = [...new Set([...a.keys(), ...b.keys()])]
    .filter((k) => !a.has(k) || !b.has(k))
    .sort();
  const inputs: { cellKey: string; metric: MetricName; base: number[]; head: number[] }[] = [];
  for (const [key, baseTrials] of [...a].sort(([x], [y]) => x.localeCompare(y))) {
    const headTrials = b.get(key);
    if (headTrials === undefined) continue;
    for (const metric of options.metrics) {
      const get = METRICS[metric].get;
      inputs.push({
        cellKey: key,
        metric,
        base: baseTrials.map(get).filter((v): v is number => v !== undefined && v > 0),
        head: headTrials.map(get).filter((v): v is number => v !== undefined && v > 0),
      });
    }
  }
  const verdicts = compareCells(
    inputs.map((i) => ({
      key: `${i.cellKey}/${i.metric}`,
      base: i.base,
      head: i.head,
      higherIsBetter: METRICS[i.metric].higherIsBetter,
    })),
    { seed: options.seed, threshold: options.threshold, alpha: options.alpha },
  );
  const rows = inputs.map((input, i) => {
    const v = verdicts[i]!;
    const { stack, scenario, validation } = parseCellKey(input.cellKey);
    return {
      stack,
      scenario,
      validation,
      metric: input.metric,
      baseMedian: median(input.base),
      headMedian: median(input.head),
      baseN: input.base.length,
      headN: input.head.length,
      ratio: v.ratio,
      ci: v.ci,
      p: v.p,
      adjustedP: v.adjustedP,
      verdict: v.verdict,
    };
  });
  return { rows, unmatched, regressions: rows.filter((r) => r.verdict === 'regression').length };
}

export function compareResults(base: Results, head: Results, options: CompareOptions): Comparison {
  return compareTrials(base.trials, head.trials, options);
}

/** An `ab` run holds both versions as `<stack>@base` and `<stack>@head`: split them. */
export function splitVariants(trials: readonly Trial[]): { base: Trial[]; head: Trial[] } {
  const pick = (suffix: string) =>
    trials
      .filter((t) => t.stack.endsWith(suffix))
      .map((t) => ({ ...t, stack: t.stack.slice(0, -suffix.length) }));
  return { base: pick('@base'), head: pick('@head') };
}
