/**
 * The load driver interface: a driver only produces load and measures what it saw; it
 * knows nothing of servers, isolation or results files (as k6's executors only emit samples).
 */
import type { LatencyUs } from '../results/schema.js';
import type { LoadedScenario } from '../scenarios/load.js';

export interface LoadJob {
  /** Base URL of the server under load (loopback only). */
  url: string;
  scenario: LoadedScenario;
  connections: number;
  pipelining: number;
  warmupS: number;
  durationS: number;
  /** Seconds before a request counts as timed out. */
  timeoutS: number;
  /** taskset CPU list for the generator; undefined runs unpinned. */
  cpus?: string;
  seed: number;
  /**
   * Open model: requests per second to start whatever the latency (drivers that support it,
   * e.g. k6's constant-arrival-rate). undefined: the closed model (`connections` loops).
   */
  rate?: number;
  /**
   * Busy-poll rather than sleep between events (drivers with `capabilities.polling`): on a
   * virtual machine a sleeping generator makes the server pay to wake it on every response.
   */
  poll?: boolean;
  /** Where a driver may keep the scripts it generated (the run folder); default: a temp folder. */
  scriptDir?: string;
  /**
   * Consecutive measured windows of `durationS` each, after one warm-up (default 1). Drivers
   * with `capabilities.windows` measure them in one go and call `onWindowEnd` at each boundary;
   * the trial runs others once per window.
   */
  windows?: number;
  /**
   * Latency objectives (an SLO) a driver may also write into what it keeps (k6: thresholds in
   * its script). Judging them is the caller's: the numbers measured do not depend on them.
   */
  objectives?: LatencyObjective[];
}

/** One latency objective, e.g. p99 < 50 ms. */
export interface LatencyObjective {
  percentile: 'p50' | 'p90' | 'p99' | 'p999';
  op: '<' | '<=';
  /** The bound in microseconds. */
  limitUs: number;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  latencyUs: LatencyUs;
  statusCounts: Record<string, number>;
  /** Socket-level errors, timeouts excluded. */
  errors: number;
  timeouts: number;
  bytes: number;
  /** The generator's own CPU time over the measured window, and the cores it may use. */
  generatorCpuS: number;
  /**
   * Seconds the generator was runnable but kept off its CPU (run-queue delay), summed over
   * its processes, where the driver measures it: CPU time alone hides a starved generator.
   */
  generatorWaitS?: number;
  /**
   * A busy-polling generator (its CPU is always full): seconds it spent on work rather than
   * empty turns of its loop, summed over its processes — its load, where CPU time cannot say.
   */
  generatorWorkS?: number;
  generatorCores: number;
  /** Open model: iterations the generator could not start (they make a trial invalid). */
  dropped?: number;
  /**
   * Open model: iterations started later than the driver's tolerance after their intended
   * time (their lateness is in their latency); beyond the rules' share the generator fell
   * behind its schedule and the trial is invalid.
   */
  late?: number;
  /**
   * Open model: the late iterations that show the generator behind its schedule (late
   * wake-up after late wake-up), not caught up at once after one stall of the host. The
   * late-send rule judges these where a driver counts them, else every late one.
   */
  lateBehind?: number;
  /** One entry per measured window when `job.windows` > 1 (the fields above are their sum). */
  windows?: WindowResult[];
}

/** What one measured window saw: the same fields as a whole result, without the windows. */
export type WindowResult = Omit<LoadResult, 'windows'>;

export interface DriverHooks {
  /** Called when the measured window starts (after warm-up). */
  onMeasureStart?(): void;
  /** Called when measured window `index` (0-based) ends; the last call ends the measurement. */
  onWindowEnd?(index: number): void;
  /** Aborts the run (Ctrl-C): the driver stops its generator and rejects. */
  signal?: AbortSignal;
}

/** What a driver can do: commands and reports read these, never a driver's name. */
export interface DriverCapabilities {
  /** Sends at a fixed arrival rate (`job.rate`), latency from the intended send time. */
  openModel: boolean;
  /** Sends more than one request per connection before the answers (`job.pipelining` > 1). */
  pipelining: boolean;
  /** Measures `job.windows` windows in one run, signalling each boundary. */
  windows: boolean;
  /** Uses every CPU of `job.cpus` (one process or thread per CPU), not just one. */
  multiCore: boolean;
  /** Busy-polls when `job.poll` asks, and measures its load as work (`generatorWorkS`). */
  polling: boolean;
  /** Finest latency the driver resolves, in µs (1 = microseconds). */
  latencyResolutionUs: number;
}

export interface LoadDriver {
  readonly name: string;
  readonly capabilities: DriverCapabilities;
  /** The driver's version, for the manifest. */
  version(): Promise<string>;
  /** undefined when usable, else what is missing and how to install it. */
  unavailable(): Promise<string | undefined>;
  /** Options that shape results, for the manifest (comparisons refuse mismatches). */
  options(
    job: Omit<LoadJob, 'url' | 'scenario' | 'seed'>,
  ): Record<string, string | number | boolean>;
  run(job: LoadJob, hooks?: DriverHooks): Promise<LoadResult>;
}
