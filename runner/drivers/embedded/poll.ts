/**
 * Busy polling: the generator's event loop never sleeps, so a response never has to wake it.
 *
 * On a virtual machine, waking a sleeping vCPU is not free for the one that wakes it: the
 * server's write that makes the generator's socket readable sends an inter-processor
 * interrupt, and in a guest that is an exit to the hypervisor charged to the server's CPU.
 * Measured here (2 vCPU guest, issue 10): with a sleeping generator Express used ~400 µs of
 * server CPU per create-product request, with a polling one ~300 µs (the per-round spread of
 * ratios to node:http: 0.22 → 0.14 in alternating runs, but 0.12 → 0.18 in two A/A runs an
 * hour apart: not a settled gain in precision). A slow stack is woken for nearly every
 * response, a fast one less often, so the cost was not even the same across stacks. Polling keeps the generator's CPU at 100 %, so its CPU time no longer says
 * how busy it was: `PollMeter` measures that instead, as the time its loop spent on anything
 * but empty turns.
 */

/**
 * Counts the loop's turns and the shortest one in each window: a window of `durationS` with
 * `turns` turns spent at least `turns × shortest` polling with nothing to do; the rest went
 * to requests, responses, timers and being kept off its CPU. The shortest turn is an empty
 * one, so the work is, if anything, overstated: a generator judged busy, never one judged idle
 * that was not.
 */
export class PollMeter {
  private turns = 0;
  private shortestMs = Number.POSITIVE_INFINITY;
  private lastMs: number | undefined;

  /** One turn of the loop at `nowMs` (a monotonic clock). */
  turn(nowMs: number): void {
    if (this.lastMs !== undefined) {
      const gap = nowMs - this.lastMs;
      this.turns++;
      if (gap < this.shortestMs) this.shortestMs = gap;
    }
    this.lastMs = nowMs;
  }

  /** Seconds of a window of `durationS` that were not empty turns; starts the next window. */
  take(durationS: number): number {
    const idleS = this.turns === 0 ? 0 : (this.turns * this.shortestMs) / 1000;
    this.turns = 0;
    this.shortestMs = Number.POSITIVE_INFINITY;
    return Math.min(durationS, Math.max(0, durationS - idleS));
  }
}
