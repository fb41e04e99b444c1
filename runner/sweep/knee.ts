/**
 * The knee of a throughput/latency curve, a pure function. A sweep raises the work (more
 * connections, or a higher arrival rate); at first throughput grows with it, then the server
 * saturates and extra work only queues, so latency grows while throughput does not.
 *
 * Definition (between consecutive levels of the sweep, which are usually geometric):
 * the knee is the LAST level before the first step up where throughput gained less than
 * `minThroughputGain` (default 10 %) while p99 latency grew more than `minLatencyGrowth`
 * (default 50 %). It is the most work worth offering: one step further buys latency, not
 * throughput. No such step: the knee lies beyond the levels swept (`found: false`).
 */

export interface CurvePoint {
  /** Connections (closed model) or offered req/s (open model). */
  level: number;
  /** Achieved throughput, req/s (e.g. the median over the rounds). */
  rps: number;
  /** p99 latency, µs. */
  p99Us: number;
}

export interface KneeOptions {
  /**
   * Throughput gains below this fraction (0.1 = 10 %) count as "no gain".
   * @default 0.1
   */
  minThroughputGain?: number;
  /**
   * p99 growth above this fraction (0.5 = 50 %) counts as "latency grew".
   * @default 0.5
   */
  minLatencyGrowth?: number;
}

/** The thresholds of the definition above, as `sweep` runs them unless told otherwise. */
export const KNEE_DEFAULTS: Required<KneeOptions> = {
  minThroughputGain: 0.1,
  minLatencyGrowth: 0.5,
};

export type Knee =
  | {
      found: true;
      level: number;
      /** The step that showed it, e.g. `32 → 128: req/s +2 %, p99 +310 %`. */
      because: string;
    }
  | { found: false; reason: string };

const pct = (x: number) => `${x >= 0 ? '+' : ''}${Math.round(x * 100)} %`;

/**
 * @param points - one per level, in any order; points with non-finite or non-positive
 *   numbers are ignored (a level where nothing was measured)
 * @throws RangeError on negative thresholds or repeated levels
 */
export function findKnee(points: readonly CurvePoint[], options: KneeOptions = {}): Knee {
  const { minThroughputGain, minLatencyGrowth } = { ...KNEE_DEFAULTS, ...options };
  const problems: string[] = [];
  if (!(minThroughputGain >= 0))
    problems.push(`minThroughputGain: expected a fraction ≥ 0, got ${String(minThroughputGain)}`);
  if (!(minLatencyGrowth >= 0))
    problems.push(`minLatencyGrowth: expected a fraction ≥ 0, got ${String(minLatencyGrowth)}`);
  const levels = points.map((p) => p.level);
  if (new Set(levels).size !== levels.length)
    problems.push(`points: expected one point per level, got levels ${levels.join(', ')}`);
  if (problems.length > 0) throw new RangeError(problems.join('; '));

  const usable = points
    .filter((p) => [p.level, p.rps, p.p99Us].every((x) => Number.isFinite(x) && x > 0))
    .sort((a, b) => a.level - b.level);
  if (usable.length < 2)
    return { found: false, reason: `needs two measured levels, got ${usable.length}` };
  for (let i = 1; i < usable.length; i++) {
    const before = usable[i - 1]!;
    const after = usable[i]!;
    const gain = after.rps / before.rps - 1;
    const growth = after.p99Us / before.p99Us - 1;
    if (gain < minThroughputGain && growth > minLatencyGrowth)
      return {
        found: true,
        level: before.level,
        because: `${before.level} → ${after.level}: req/s ${pct(gain)}, p99 ${pct(growth)}`,
      };
  }
  return {
    found: false,
    reason: `throughput still grew (or latency held) up to ${usable[usable.length - 1]!.level}`,
  };
}
