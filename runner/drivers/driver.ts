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
  /** Where a driver may keep the scripts it generated (the run folder); default: a temp folder. */
  scriptDir?: string;
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
  generatorCores: number;
  /** Open model: iterations the generator could not start on time (they make a trial invalid). */
  dropped?: number;
}

export interface DriverHooks {
  /** Called when the measured window starts (after warm-up). */
  onMeasureStart?(): void;
  /** Aborts the run (Ctrl-C): the driver stops its generator and rejects. */
  signal?: AbortSignal;
}

export interface LoadDriver {
  readonly name: string;
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
