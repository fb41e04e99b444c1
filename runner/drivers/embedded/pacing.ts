/**
 * Open-model pacing as pure functions (after vegeta's `pace(elapsed, hits) → wait`): request
 * k of a constant arrival rate is due at k / rate seconds after the start, whatever happened
 * to the ones before it. The sender asks what is due at its clock's time, sends those, and
 * sleeps until the next one; latency is measured from each request's intended time, so a slow
 * server or a late sender can never hide a delay (coordinated omission, as in wrk2 and k6's
 * constant-arrival-rate executor). A request is dropped only when no connection is free to
 * carry it (k6's dropped iterations: no VU to start it); one sent more than `toleranceUs`
 * after its intended time still goes out (its lateness is in its latency) and is counted
 * late, so a sender that falls behind its schedule says so. Dropping late sends instead made
 * a 10-ms pause of a 2-vCPU host (steal, a GC) fail an SLO step at 765 req/s.
 *
 * Late is not yet behind: one stall of the host leaves one wake-up's worth of late sends,
 * and the next wake-up is on time again ({@link behindAfter}).
 */

/** When request `index` (0-based) is due, in µs after the start. */
export const intendedUs = (index: number, ratePerS: number): number => (index * 1e6) / ratePerS;

export interface PaceDecision {
  /** Requests due now (intended time ≤ elapsed), from `sent` on. */
  due: number;
  /** µs until the next request after those is due (0 when something is due now). */
  waitUs: number;
}

/** How many requests are due at `elapsedUs` when `sent` have been dealt with, and the wait after. */
export function pace(elapsedUs: number, sent: number, ratePerS: number): PaceDecision {
  if (!(ratePerS > 0)) throw new Error(`rate: expected > 0 requests/s, got ${ratePerS}`);
  // Every index whose intended time has come: floor(elapsed · rate) + 1, less those sent.
  const dueTotal = Math.floor((elapsedUs * ratePerS) / 1e6 + 1e-9) + 1;
  const due = Math.max(0, dueTotal - sent);
  const next = sent + due;
  return { due, waitUs: due > 0 ? 0 : Math.max(0, intendedUs(next, ratePerS) - elapsedUs) };
}

export interface DispatchSummary {
  /** Requests dealt with (sent + dropped): the caller's new `sent` is the old one plus this. */
  handled: number;
  sent: number;
  /** Not sent: no connection free. */
  dropped: number;
  /** Sent, but more than `toleranceUs` after its intended time. */
  late: number;
  /** The latest send among those sent, µs behind its intended time. */
  maxLateUs: number;
}

/**
 * Deals with the requests due at `elapsedUs` after `handled` ones: each is sent through
 * `trySend(index, intendedUs)` (false when no connection is free: dropped); those sent more
 * than `toleranceUs` late are counted late.
 */
export function dispatchDue(
  elapsedUs: number,
  handled: number,
  ratePerS: number,
  toleranceUs: number,
  trySend: (index: number, intendedUs: number) => boolean,
): DispatchSummary {
  const { due } = pace(elapsedUs, handled, ratePerS);
  let sent = 0;
  let late = 0;
  let maxLateUs = 0;
  for (let i = 0; i < due; i++) {
    const index = handled + i;
    const intended = intendedUs(index, ratePerS);
    const lateUs = Math.max(0, elapsedUs - intended);
    if (trySend(index, intended)) {
      sent++;
      if (lateUs > toleranceUs) late++;
      if (lateUs > maxLateUs) maxLateUs = lateUs;
    }
  }
  return { handled: due, sent, dropped: due - sent, late, maxLateUs };
}

/** The latency of a response, µs: from the request's intended send time, never before it. */
export const latencyFromIntendedUs = (intended: number, receivedUs: number): number =>
  Math.max(1, Math.round(receivedUs - intended));

/**
 * The late sends that show the sender behind its schedule, and whether this wake-up was late.
 * A stall of the whole host (a pause of the VM, a GC) makes one wake-up late: it sends the
 * backlog at once and the next wake-up is on time; the lateness is in the latency, and a
 * 20-ms pause made 1 % of a 1-s window at 200 req/s late. A sender that cannot keep up is late
 * wake-up after wake-up, so only late sends of a wake-up that follows a late one count.
 * A wake-up with nothing due leaves the state as it was.
 */
export function behindAfter(
  done: Pick<DispatchSummary, 'handled' | 'late'>,
  previousLate: boolean,
): { behind: number; late: boolean } {
  if (done.handled === 0) return { behind: 0, late: previousLate };
  const late = done.late > 0;
  return { behind: late && previousLate ? done.late : 0, late };
}
