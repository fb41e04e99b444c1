/** How a trial's server runs: a pinned local process, or a container (one file each). */
import type { ValidationMode } from '../../servers/contract/schemas.js';
import type { StackSpec } from '../../servers/stacks.js';

export interface ServerSpec {
  stack: string;
  validation: ValidationMode;
  /** taskset/cpuset CPU list for the server. */
  cpus?: string;
  env?: Record<string, string>;
  /** The project whose version of the stack runs (`ab`'s git worktrees). @default PROJECT_ROOT */
  root?: string;
  /** A Node script to run instead of the stack's own (test fixtures). */
  entry?: string;
}

export interface ResourceUsage {
  /** CPU seconds used by the server since it started. */
  cpuS: number;
  /**
   * Seconds the server's main thread had work (running, or runnable and waiting for its CPU
   * because something else held it), where the isolation can tell; the saturation measure.
   */
  busyS?: number;
  rssBytes: number;
}

export interface ServerHandle {
  url: string;
  /** The server's CPU time and memory now; undefined once it is gone. */
  usage(): ResourceUsage | undefined;
  /** Peak resident memory since start, where the isolation knows it. */
  peakRssBytes(): number | undefined;
  /** Resolves when the server exits on its own or is stopped. */
  exited: Promise<{ code: number | null; signal: string | null }>;
  /** SIGTERM, then SIGKILL after the grace period; resolves when gone. */
  stop(): Promise<{ code: number | null; signal: string | null }>;
  /** The server's stderr so far (for crash reasons). */
  stderr(): string;
}

/** What an isolation can do: commands read these, never an isolation's name. */
export interface IsolationCapabilities {
  /**
   * Servers run in containers, so isolation itself costs something: a run measures that cost
   * first (`calibration.containerOverhead`) against a plain process.
   */
  containers: boolean;
  /** The server's CPU time and memory are sampled during a trial (CPU per request is measured). */
  cpuSampling: boolean;
  /**
   * A killed run can leave things behind (orphaned servers and generators, containers):
   * `cleanup()` runs before each session.
   */
  needsCleanup: boolean;
  /** Runs a server from another checkout (`ServerSpec.entry`): `ab` needs it. */
  customEntry: boolean;
}

export interface Isolation {
  readonly name: string;
  readonly capabilities: IsolationCapabilities;
  /** undefined when usable, else what is missing and how to get it. */
  unavailable(): Promise<string | undefined>;
  /** Why this isolation cannot run `stack` (a declared capability it lacks); undefined: it can. */
  refuses?(stack: StackSpec): string | undefined;
  start(spec: ServerSpec): Promise<ServerHandle>;
  /** Removes anything a previous, killed run left behind. */
  cleanup?(): Promise<void>;
}
