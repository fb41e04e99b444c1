/**
 * A sweep's numbers per (stack, scenario, validation, level) and the knee of each cell's
 * curve: a pure function of the sweep trials and the seed. Medians with 95 % bootstrap
 * intervals over the rounds; the knee is found on the medians (see knee.ts).
 */
import type { MetricSummary, Sweep, SweepPoint, SweepTrial, Trial } from '../results/schema.js';
import { NOISY_CV } from '../results/summarize.js';
import { createRng, deriveSeed } from '../stats/random.js';
import { summarize } from '../stats/summary.js';
import { findKnee, type KneeOptions } from './knee.js';

type Measured = SweepTrial & { metrics: NonNullable<Trial['metrics']> };
/**
 * Every trial that measured without errors counts: below the knee a server is not saturated
 * by design (`not-saturated` is the point of a sweep there); generator-bound ones are flagged
 * (their req/s is a floor).
 */
const measured = (t: SweepTrial): t is Measured =>
  (t.state === 'valid' || t.state === 'generator-bound' || t.state === 'not-saturated') &&
  t.metrics !== undefined;

const cellKey = (t: { stack: string; scenario: string; validation: string }) =>
  `${t.stack}|${t.scenario}|${t.validation}`;

export function summarizeSweep(
  trials: readonly SweepTrial[],
  seed: number,
  knee: Required<KneeOptions>,
): Pick<Sweep, 'summary' | 'knees'> {
  const groups = new Map<string, SweepTrial[]>();
  for (const t of trials) {
    const key = `${cellKey(t)}|${t.level}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const summary: SweepPoint[] = [];
  for (const [key, group] of groups) {
    const first = group[0]!;
    const ok = group.filter(measured);
    const metric = (name: string, values: number[]): MetricSummary => {
      const s = summarize(values, { rng: createRng(deriveSeed(seed, `sweep/${key}/${name}`)) });
      const cv = Number.isFinite(s.cv) ? s.cv : 0;
      return { estimate: s.median.estimate, low: s.median.low, high: s.median.high, cv };
    };
    const point: SweepPoint = {
      stack: first.stack,
      scenario: first.scenario,
      validation: first.validation,
      level: first.level,
      trials: group.length,
      measured: ok.length,
      flags: [],
    };
    const flags = new Set<string>();
    if (ok.length > 0) {
      const m = ok.map((t) => t.metrics);
      point.rps = metric(
        'rps',
        m.map((x) => x.rps),
      );
      const latency = (p: 'p50' | 'p90' | 'p99' | 'p999') =>
        metric(
          p,
          m.map((x) => x.latencyUs[p]),
        );
      point.latencyUs = {
        p50: latency('p50'),
        p90: latency('p90'),
        p99: latency('p99'),
        p999: latency('p999'),
      };
      if (point.rps.cv > NOISY_CV) flags.add('noisy');
    } else flags.add('no-valid-trials');
    if (group.some((t) => t.state === 'generator-bound')) flags.add('generator-bound');
    if (group.some((t) => t.state === 'invalid' || t.state === 'crashed'))
      flags.add('invalid-trials');
    point.flags = [...flags];
    summary.push(point);
  }
  summary.sort(
    (a, b) =>
      a.scenario.localeCompare(b.scenario) ||
      a.validation.localeCompare(b.validation) ||
      a.stack.localeCompare(b.stack) ||
      a.level - b.level,
  );

  const cells = new Map<string, SweepPoint[]>();
  for (const p of summary) cells.set(cellKey(p), [...(cells.get(cellKey(p)) ?? []), p]);
  const knees: Sweep['knees'] = [];
  for (const points of cells.values()) {
    const first = points[0]!;
    const found = findKnee(
      points.map((p) => ({
        level: p.level,
        rps: p.rps?.estimate ?? 0,
        p99Us: p.latencyUs?.p99.estimate ?? 0,
      })),
      knee,
    );
    knees.push({
      stack: first.stack,
      scenario: first.scenario,
      validation: first.validation,
      level: found.found ? found.level : null,
      because: found.found ? found.because : found.reason,
    });
  }
  return { summary, knees };
}
