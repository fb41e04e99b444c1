/**
 * One embedded generator process (one per load CPU, pinned by its parent). It sends the
 * scenario's requests over its share of keep-alive connections with its own HTTP/1.1 client,
 * and reports each measured window (counts, its CPU, an encoded HDR histogram) over IPC.
 *
 * Protocol: argv[2] is a JSON WorkerJob. The worker prepares its requests and sends
 * {type:'ready'}; the parent answers {type:'start', startAtMs} (an absolute time, the same for
 * every worker, on the `performance.timeOrigin + performance.now()` clock): warm-up runs from
 * then for warmupS, then `windows` windows of durationS. At the end of each the worker sends
 * {type:'window', index, window}; after the last, {type:'done'}. Errors: {type:'error', message},
 * with `scenario: true` when the scenario cannot go on (a saved field missing: ScenarioRunError).
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseSchedstat } from '../../sampling/proc.js';
import { parseScenario } from '../../scenarios/load.js';
import type { ConnectionState } from '../../scenarios/render.js';
import { saveResponse, ScenarioRunError } from '../../scenarios/saved-field.js';
import { createRng } from '../../stats/random.js';
import { clockMs } from './clock.js';
import { encodeHistogram, newHistogram, type WorkerWindow } from './merge.js';
import { behindAfter, dispatchDue, latencyFromIntendedUs, pace } from './pacing.js';
import { PollMeter } from './poll.js';
import { prepareSteps, type PreparedStep } from './requests.js';
import { ResponseParser } from './response-parser.js';

export interface WorkerJob {
  url: string;
  scenarioFile: string;
  scenarioText: string;
  /** Closed model: this worker's connections. Open model: its pool's maximum. */
  connections: number;
  pipelining: number;
  warmupS: number;
  durationS: number;
  windows: number;
  timeoutS: number;
  seed: number;
  /** This worker's index and the number of workers (connection ids stay unique across them). */
  worker: number;
  workers: number;
  /** Open model: this worker's share of the arrival rate, requests/s. */
  rate?: number;
  /** Open model: how late a send may be before it counts as late, µs. */
  toleranceUs: number;
  /** Busy-poll instead of sleeping between events (./poll.ts; the closed model only). */
  poll?: boolean;
}

const MAX_LATENCY_US = 120_000_000;
const RECONNECT_DELAY_MS = 10;

class Recorder {
  histogram = newHistogram();
  statuses = new Float64Array(600);
  requests = 0;
  errors = 0;
  timeouts = 0;
  bytes = 0;
  dropped = 0;
  late = 0;
  behind = 0;

  record(status: number, latencyUs: number): void {
    this.requests++;
    if (status >= 100 && status < 600) this.statuses[status]!++;
    this.histogram.recordValue(latencyUs > MAX_LATENCY_US ? MAX_LATENCY_US : latencyUs);
  }

  toWindow(
    durationS: number,
    cpuS: number,
    waitS: number | undefined,
    workS: number | undefined,
  ): WorkerWindow {
    const statusCounts: Record<string, number> = {};
    this.statuses.forEach((n, status) => {
      if (n > 0) statusCounts[String(status)] = n;
    });
    return {
      requests: this.requests,
      durationS,
      statusCounts,
      errors: this.errors,
      timeouts: this.timeouts,
      bytes: this.bytes,
      cpuS,
      ...(waitS !== undefined && { waitS }),
      ...(workS !== undefined && { workS }),
      dropped: this.dropped,
      late: this.late,
      behind: this.behind,
      histogram: encodeHistogram(this.histogram),
      maxUs: this.histogram.maxValue,
    };
  }
}

export class Generator {
  private readonly steps: PreparedStep[];
  private readonly host: string;
  private readonly port: number;
  private readonly hostname: string;
  private readonly connections: Connection[] = [];
  /** Open model: connections with nothing in flight. */
  private readonly idle: Connection[] = [];
  recorder = new Recorder();
  stopped = false;
  private sweeper: NodeJS.Timeout | undefined;
  private pacer: NodeJS.Timeout | undefined;
  private handled = 0;
  /** Open model: whether the last wake-up that had sends due sent some late (pacing.ts behindAfter). */
  private lastWakeLate = false;
  private startUs = 0;
  /** Busy polling: the loop's meter (undefined when the loop sleeps between events). */
  readonly meter: PollMeter | undefined;
  /** Called once when the scenario cannot go on; the generator has stopped. */
  onScenarioError: (error: ScenarioRunError) => void = (error) => {
    throw error;
  };

  constructor(readonly job: WorkerJob) {
    const { scenario } = parseScenario(job.scenarioFile, job.scenarioText);
    const url = new URL(job.url);
    this.hostname = url.hostname.replace(/^\[|\]$/g, '');
    this.port = Number(url.port || 80);
    this.host = url.host;
    this.steps = prepareSteps(scenario, this.host, this.stateFor(0x7fff_0000 + job.worker));
    // The parent sends `poll` only where it polls (embedded.ts `polls`: the closed model).
    this.meter = job.poll === true ? new PollMeter() : undefined;
    if (job.rate !== undefined && job.pipelining !== 1)
      throw new Error(
        `pipelining: the open model sends 1 request per connection, got ${job.pipelining}`,
      );
    if (job.pipelining > 1 && this.steps.some((s) => s.kind === 'live'))
      throw new Error(
        `pipelining: ${job.pipelining} needs requests that do not depend on earlier responses or sequences; this scenario's do (use pipelining 1)`,
      );
  }

  stateFor(id: number): ConnectionState {
    return { rng: createRng(this.job.seed + id * 7919), connection: id, counter: 0, saved: {} };
  }

  /** Starts sending (the start of warm-up). */
  start(): void {
    const { job } = this;
    if (job.rate === undefined) {
      for (let i = 0; i < job.connections; i++) this.open();
    } else {
      for (let i = 0; i < Math.min(job.connections, 8); i++) this.idle.push(this.open());
      this.startUs = performance.now() * 1000 + (job.worker * 1e6) / (job.rate * job.workers);
      this.tick();
    }
    const everyMs = Math.max(10, Math.min(1000, (job.timeoutS * 1000) / 4));
    this.sweeper = setInterval(() => this.sweep(), everyMs);
    if (this.meter !== undefined) setImmediate(this.spin);
  }

  /** One turn of a polling loop: measured, and the next turn asked for. */
  private spin = (): void => {
    if (this.stopped) return;
    this.meter!.turn(performance.now());
    setImmediate(this.spin);
  };

  /** A request could not be rendered: stop everything and say why (once). */
  scenarioFailed(error: ScenarioRunError): void {
    if (this.stopped) return;
    this.stop();
    this.onScenarioError(error);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.sweeper);
    clearTimeout(this.pacer);
    for (const c of this.connections) c.destroy();
  }

  /** Opens connection number `connections.length` (ids unique across workers). */
  open(): Connection {
    const id = this.connections.length * this.job.workers + this.job.worker + 1;
    const c = new Connection(this, this.stateFor(id));
    this.connections.push(c);
    c.connect();
    return c;
  }

  socket(): Socket {
    return connect({ host: this.hostname, port: this.port, noDelay: true });
  }

  stepAt(index: number): PreparedStep {
    return this.steps[index % this.steps.length]!;
  }

  get stepCount(): number {
    return this.steps.length;
  }

  /** Open model: a connection finished its request. */
  release(c: Connection): void {
    if (this.job.rate !== undefined && !this.stopped) this.idle.push(c);
  }

  /** Open model: send everything due (drop what finds no connection), sleep until the next. */
  private tick = (): void => {
    if (this.stopped) return;
    const rate = this.job.rate!;
    const nowUs = performance.now() * 1000;
    const elapsed = nowUs - this.startUs;
    if (elapsed >= 0) {
      const done = dispatchDue(elapsed, this.handled, rate, this.job.toleranceUs, (_i, intended) =>
        this.sendOpen(this.startUs + intended),
      );
      this.handled += done.handled;
      this.recorder.dropped += done.dropped;
      this.recorder.late += done.late;
      const run = behindAfter(done, this.lastWakeLate);
      this.recorder.behind += run.behind;
      this.lastWakeLate = run.late;
    }
    const { waitUs } = pace(Math.max(0, elapsed), this.handled, rate);
    this.pacer = setTimeout(this.tick, Math.max(1, Math.floor(waitUs / 1000)));
  };

  private sendOpen(intendedUs: number): boolean {
    let c = this.idle.pop();
    while (c !== undefined && c.dead) c = this.idle.pop();
    if (c === undefined) {
      if (this.connections.filter((x) => !x.dead).length >= this.job.connections) return false;
      c = this.open();
    }
    c.send(intendedUs);
    return true;
  }

  /** Times out requests older than job.timeoutS: counted, and their connection renewed. */
  private sweep(): void {
    const limitUs = this.job.timeoutS * 1e6;
    const nowUs = performance.now() * 1000;
    for (const c of this.connections) {
      const oldest = c.oldestUs();
      if (oldest !== undefined && nowUs - oldest > limitUs) {
        this.recorder.timeouts++;
        c.renew();
      }
    }
  }
}

/** One keep-alive connection: its socket, its parser, its place in the sequence. */
class Connection {
  private sock: Socket | undefined;
  private parser: ResponseParser;
  /** Send times (µs, perf clock) and step indexes of the requests in flight, oldest first. */
  private readonly fromUs: number[] = [];
  private readonly stepsInFlight: number[] = [];
  private nextStep = 0;
  private connected = false;
  /** Open model: requests waiting for the socket to connect (their intended times). */
  private readonly queued: number[] = [];
  /** Replaced by a new connection after a failure (open model: left out of the pool). */
  dead = false;

  constructor(
    private readonly gen: Generator,
    private readonly state: ConnectionState,
  ) {
    this.parser = new ResponseParser(
      (response) => this.onResponse(response.status, response.body, response.close),
      () => this.gen.stepAt(this.stepsInFlight[0] ?? 0).save !== undefined,
      () => this.gen.stepAt(this.stepsInFlight[0] ?? 0).noBody,
    );
  }

  connect(): void {
    const socket = this.gen.socket();
    this.sock = socket;
    this.connected = false;
    socket.on('connect', () => {
      this.connected = true;
      if (this.gen.job.rate === undefined) {
        for (let i = 0; i < this.gen.job.pipelining; i++) this.write(performance.now() * 1000);
      } else {
        for (const intended of this.queued.splice(0)) this.write(intended);
      }
    });
    socket.on('data', (chunk: Buffer) => {
      this.gen.recorder.bytes += chunk.length;
      try {
        this.parser.feed(chunk);
      } catch {
        this.fail();
      }
    });
    socket.on('end', () => this.parser.end());
    socket.on('error', () => this.fail());
    socket.on('close', () => {
      if (this.sock === socket && !this.gen.stopped) this.fail(false);
    });
  }

  oldestUs(): number | undefined {
    return this.fromUs[0] ?? this.queued[0];
  }

  /** Open model: sends one request whose latency counts from `intendedUs`. */
  send(intendedUs: number): void {
    if (this.connected) this.write(intendedUs);
    else this.queued.push(intendedUs);
  }

  private write(fromUs: number): void {
    const index = this.nextStep;
    let bytes: Buffer | string;
    try {
      bytes = this.gen.stepAt(index).next(this.state);
    } catch (error) {
      if (!(error instanceof ScenarioRunError)) throw error;
      this.gen.scenarioFailed(error);
      return;
    }
    this.nextStep = index + 1 === this.gen.stepCount ? 0 : index + 1;
    this.fromUs.push(fromUs);
    this.stepsInFlight.push(index);
    this.sock!.write(bytes);
  }

  private onResponse(status: number, body: Buffer | undefined, close: boolean): void {
    const nowUs = performance.now() * 1000;
    const from = this.fromUs.shift();
    const index = this.stepsInFlight.shift();
    if (from === undefined || index === undefined) return;
    const step = this.gen.stepAt(index);
    if (step.save !== undefined) saveResponse(this.state.saved, step.save, body?.toString() ?? '');
    this.gen.recorder.record(status, latencyFromIntendedUs(from, nowUs));
    if (this.gen.stopped) return;
    if (close) {
      this.renew(false);
      return;
    }
    if (this.gen.job.rate === undefined) this.write(nowUs);
    else this.gen.release(this);
  }

  /** A socket error, a malformed response or an unexpected close: counted, then reconnect. */
  private fail(count = true): void {
    if (this.gen.stopped || this.dead) return;
    if (count) this.gen.recorder.errors++;
    this.renew(true);
  }

  /** Drops the socket and what was in flight, and reconnects (after a pause if it failed). */
  renew(failed = true): void {
    const old = this.sock;
    this.sock = undefined;
    old?.removeAllListeners();
    old?.on('error', () => {});
    old?.destroy();
    this.parser.reset();
    this.fromUs.length = 0;
    this.stepsInFlight.length = 0;
    this.queued.length = 0;
    // A restart begins the sequence again: saved values belong to the old conversation.
    this.nextStep = 0;
    if (this.gen.job.rate !== undefined) {
      // Open model: this connection leaves the pool; the pool opens others as needed.
      this.dead = true;
      return;
    }
    if (failed) setTimeout(() => this.gen.stopped || this.connect(), RECONNECT_DELAY_MS);
    else this.connect();
  }

  destroy(): void {
    this.sock?.removeAllListeners();
    this.sock?.on('error', () => {});
    this.sock?.destroy();
    this.sock = undefined;
  }
}

/**
 * Seconds this worker's event loop spent runnable but waiting for its CPU (its schedstat's
 * run-queue delay): a generator kept off its core by another process is the limit even while
 * its own CPU time looks low. Undefined where the kernel keeps no schedstat.
 */
function runQueueWaitS(): number | undefined {
  try {
    return parseSchedstat(readFileSync('/proc/thread-self/schedstat', 'utf8')).waitNs / 1e9;
  } catch {
    return undefined;
  }
}

/** Runs the worker's phases from `startAtMs`, reporting each measured window. */
export function runPhases(
  gen: Generator,
  startAtMs: number,
  send: (message: unknown) => void,
): Promise<void> {
  const { job } = gen;
  return new Promise((resolve) => {
    const at = (ms: number, fn: () => void) => setTimeout(fn, Math.max(0, ms - clockMs()));
    const measureAt = startAtMs + job.warmupS * 1000;
    let windowStart = 0;
    let cpu = process.cpuUsage();
    let wait = runQueueWaitS();
    const boundary = (index: number) => {
      const now = performance.now();
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      const waitNow = runQueueWaitS();
      const waited = wait !== undefined && waitNow !== undefined ? waitNow - wait : undefined;
      wait = waitNow;
      const recorder = gen.recorder;
      gen.recorder = new Recorder();
      const durationS = (now - windowStart) / 1000;
      const workS = gen.meter?.take(durationS);
      if (index === job.windows - 1) gen.stop();
      if (index >= 0)
        send({
          type: 'window',
          index,
          window: recorder.toWindow(durationS, (used.user + used.system) / 1e6, waited, workS),
        });
      windowStart = now;
      if (index === job.windows - 1) resolve();
      else at(measureAt + (index + 2) * job.durationS * 1000, () => boundary(index + 1));
    };
    at(startAtMs, () => {
      gen.start();
      at(measureAt, () => boundary(-1));
    });
  });
}

if (process.send !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) {
  // After a failure the channel is closed while timers may still fire: send nothing then.
  const send = (m: unknown) => process.connected && process.send?.(m);
  const fail = (error: Error) => {
    send({ type: 'error', message: error.message });
    process.disconnect?.();
  };
  try {
    const gen = new Generator(JSON.parse(process.argv[2] ?? '{}') as WorkerJob);
    gen.onScenarioError = (error) => {
      send({ type: 'error', message: error.message, scenario: true });
      if (process.connected) process.disconnect?.();
    };
    process.on('message', (message: { type: string; startAtMs?: number }) => {
      if (message.type !== 'start' || message.startAtMs === undefined) return;
      runPhases(gen, message.startAtMs, send).then(() => {
        send({ type: 'done' });
        process.disconnect?.();
      }, fail);
    });
    send({ type: 'ready' });
  } catch (error) {
    fail(error as Error);
  }
}
