/**
 * What one worker saw in one window, and the exact merge of several: counts add, and HDR
 * histograms travel encoded (the standard compressed form, lossless) and are added bucket by
 * bucket, so merged percentiles are those of all the requests together — never an average of
 * percentiles.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencyUs } from '../../results/schema.js';
import type { WindowResult } from '../driver.js';

/** Latency histogram settings shared by every worker (µs, up to 120 s, 3 digits). */
export const newHistogram = (): hdr.Histogram =>
  hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
  });

export interface WorkerWindow {
  requests: number;
  /** Wall time the worker measured for this window, s. */
  durationS: number;
  statusCounts: Record<string, number>;
  errors: number;
  timeouts: number;
  bytes: number;
  /** The worker's own CPU time (user + system, all its threads) over the window, s. */
  cpuS: number;
  /** Seconds its event loop was runnable but waiting for its CPU, where the kernel says. */
  waitS?: number;
  /** Busy polling: seconds its loop spent on anything but empty turns (./poll.ts). */
  workS?: number;
  dropped: number;
  /** Open model: sent later than the tolerance after their intended time. */
  late: number;
  /** Open model: the late sends of wake-ups that followed a late one (pacing.ts behindAfter). */
  behind: number;
  /** The latency histogram, hdr-histogram-js compressed base64. */
  histogram: string;
  /** The exact largest latency (the encoding keeps only its bucket), µs. */
  maxUs: number;
}

export const encodeHistogram = (h: hdr.Histogram): string => hdr.encodeIntoCompressedBase64(h);

export const decodeHistogram = (text: string): hdr.Histogram => {
  const h = newHistogram();
  h.add(hdr.decodeFromCompressedBase64(text, 32));
  return h;
};

/**
 * Percentiles and mean of `h`; `maxUs` is the exact maximum when known (else its bucket's).
 */
export function latencyOf(h: hdr.Histogram, maxUs = h.maxValue): LatencyUs {
  if (h.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0 };
  // A percentile is its bucket's highest value: never above the exact maximum.
  const at = (p: number) => Math.min(h.getValueAtPercentile(p), maxUs);
  return {
    p50: at(50),
    p90: at(90),
    p99: at(99),
    p999: at(99.9),
    max: maxUs,
    mean: h.mean,
  };
}

export function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [status, n] of Object.entries(from)) into[status] = (into[status] ?? 0) + n;
}

/**
 * Merges worker windows into one result: counts and CPU summed, histograms added exactly.
 * `durationS` is the wall time the merged result covers (the workers ran side by side).
 */
export function mergeWindows(
  parts: readonly WorkerWindow[],
  durationS: number,
  generatorCores: number,
  openModel: boolean,
): WindowResult {
  const histogram = newHistogram();
  const statusCounts: Record<string, number> = {};
  let requests = 0;
  let errors = 0;
  let timeouts = 0;
  let bytes = 0;
  let cpuS = 0;
  let waitS: number | undefined = 0;
  let workS: number | undefined = 0;
  let dropped = 0;
  let late = 0;
  let behind = 0;
  let maxUs = 0;
  for (const p of parts) {
    if (p.requests > 0) maxUs = Math.max(maxUs, p.maxUs);
    histogram.add(decodeHistogram(p.histogram));
    addCounts(statusCounts, p.statusCounts);
    requests += p.requests;
    errors += p.errors;
    timeouts += p.timeouts;
    bytes += p.bytes;
    cpuS += p.cpuS;
    waitS = waitS === undefined || p.waitS === undefined ? undefined : waitS + p.waitS;
    workS = workS === undefined || p.workS === undefined ? undefined : workS + p.workS;
    dropped += p.dropped;
    late += p.late;
    behind += p.behind;
  }
  return {
    requests,
    durationS,
    latencyUs: latencyOf(histogram, maxUs),
    statusCounts,
    errors,
    timeouts,
    bytes,
    generatorCpuS: cpuS,
    ...(waitS !== undefined && parts.length > 0 && { generatorWaitS: waitS }),
    ...(workS !== undefined && parts.length > 0 && { generatorWorkS: workS }),
    generatorCores,
    ...(openModel && { dropped, late, lateBehind: behind }),
  };
}

/** The mean wall time of side-by-side worker windows, s. */
export const meanDuration = (parts: readonly WorkerWindow[]): number =>
  parts.length === 0 ? 0 : parts.reduce((s, p) => s + p.durationS, 0) / parts.length;
