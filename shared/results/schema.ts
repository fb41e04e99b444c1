/**
 * results.json (schema version 2): the one file every report, chart and comparison reads.
 * Strict: unknown keys are errors, so a typo in a hand-edited or foreign file is caught.
 *
 * Version 2 adds what reports used to look up at render time, so a report is a pure function
 * of the file: the validity rules the run applied (`validityRules`), the stacks' labels and
 * the guide's columns (`stacks`), the parsed SLO of each capacity search (`capacity[].sloRules`)
 * and where memory figures come from (`manifest.memory`). Version 1 files are upgraded on read
 * (runner/results/migrate.ts).
 *
 * Neutral ground: imported by runner/ and reports/, imports neither.
 */
import * as z from 'zod';

export const SCHEMA_VERSION = 2;

/**
 * valid: the server was saturated (its CPU at ~95 % of its budget) and nothing failed.
 * not-saturated: nothing failed, but the server had room and so did the generator (closed
 * model): the numbers describe a server below capacity and are never ranked.
 * contended: other processes on the machine used a CPU's worth of time (see the rules) during
 * the window: it measured them as much as the stack, and is never ranked.
 */
export const TRIAL_STATES = [
  'valid',
  'invalid',
  'generator-bound',
  'not-saturated',
  'contended',
  'crashed',
] as const;
export type TrialState = (typeof TRIAL_STATES)[number];

/** A point estimate with its 95 % confidence interval. */
export const Estimate = z.strictObject({
  estimate: z.number(),
  low: z.number(),
  high: z.number(),
  /**
   * The independent units it rests on: pairs of server processes (rounds) for a paired
   * figure. Below 3 the interval says nothing and reports say "too few pairs".
   */
  n: z.int().nonnegative().optional(),
});
export type Estimate = z.output<typeof Estimate>;

export const LatencyUs = z.strictObject({
  p50: z.number().nonnegative(),
  p90: z.number().nonnegative(),
  p99: z.number().nonnegative(),
  p999: z.number().nonnegative(),
  max: z.number().nonnegative(),
  mean: z.number().nonnegative(),
});
export type LatencyUs = z.output<typeof LatencyUs>;

export const TrialMetrics = z.strictObject({
  requests: z.int().nonnegative(),
  durationS: z.number().positive(),
  rps: z.number().nonnegative(),
  latencyUs: LatencyUs,
  /** Server CPU time (user + system, from /proc or the cgroup) per completed request. */
  cpuUsPerRequest: z.number().nonnegative(),
  /** Server CPU time over the window as % of one core. */
  serverCpuPercent: z.number().nonnegative(),
  /**
   * The server's CPU budget in cores (its CPU set, capped at what one event loop can use);
   * saturation is judged against serverCpuPercent / serverCores. Absent in older files: 1.
   */
  serverCores: z.number().positive().optional(),
  /**
   * Time the server's main thread had work — on its CPU, or runnable and waiting for it — as
   * % of the window the hypervisor did not steal, per core of its budget. The saturation
   * measure where the isolation reads it (/proc schedstat): a server starved by a neighbour
   * is still saturated, an event loop idle waiting for requests is not. Absent: saturation
   * falls back to CPU time.
   */
  serverBusyPercent: z.number().nonnegative().optional(),
  /**
   * Steal on the server's CPUs over the window (/proc/stat: time the hypervisor gave their
   * vCPUs to someone else), % of their time. serverBusyPercent is judged on the time left.
   */
  serverStealPercent: z.number().nonnegative().optional(),
  rssPeakBytes: z.int().nonnegative(),
  bytesPerSec: z.number().nonnegative(),
  /** Socket errors (connection refused/reset…), timeouts not included. */
  errors: z.int().nonnegative(),
  timeouts: z.int().nonnegative(),
  /** Responses by status code, e.g. {"200": 1234}. */
  statusCounts: z.record(z.string().regex(/^\d{3}$/), z.int().nonnegative()),
  /** Responses whose status the scenario did not expect. */
  unexpectedStatuses: z.int().nonnegative(),
  /** The load generator's CPU over the window as % of its budget (its cores). */
  generatorCpuPercent: z.number().nonnegative(),
  /**
   * The generator's CPU plus the time it was runnable but kept off its CPU, as % of its
   * budget, where the driver measures it (the embedded driver): a starved generator is the
   * limit even when its CPU time looks low.
   */
  generatorBusyPercent: z.number().nonnegative().optional(),
  /**
   * A busy-polling generator (its CPU is full by design): the time it spent on work rather
   * than empty turns of its loop, as % of its budget — its load in place of CPU.
   */
  generatorWorkPercent: z.number().nonnegative().optional(),
  /**
   * CPU time used during the window by processes other than the server, the load generator
   * and stackbench, as % of one core (/proc/stat). Above the rules' limit the window is
   * `contended`.
   */
  otherCpuPercent: z.number().nonnegative().optional(),
  /** Open model only: requests the generator could not start on time. */
  dropped: z.int().nonnegative().optional(),
  /**
   * Open model only: requests sent later than the driver's tolerance after their intended
   * time (their lateness is in their latency). Above the rules' share, the trial is invalid.
   */
  late: z.int().nonnegative().optional(),
  /**
   * Open model only: the late requests that show the generator behind its schedule — sent
   * at a wake-up that followed a late one — rather than the backlog of one stall of the host
   * (a VM pause, a GC) that it caught up from at once. Where present, the late-send rule
   * judges these; else every late request.
   */
  lateBehind: z.int().nonnegative().optional(),
  /** Open model only: the arrival rate asked for, req/s. */
  targetRps: z.number().positive().optional(),
});
export type TrialMetrics = z.output<typeof TrialMetrics>;

/** One measured window of a trial: its own numbers and its own validity. */
export const TrialWindow = z.strictObject({
  state: z.enum(TRIAL_STATES),
  reason: z.string().optional(),
  flags: z.array(z.string()).default([]),
  metrics: TrialMetrics,
});
export type TrialWindow = z.output<typeof TrialWindow>;

export const Trial = z.strictObject({
  id: z.string(),
  round: z.int().min(1),
  /** Position inside its round (1-based), after the seeded shuffle. */
  order: z.int().min(1),
  stack: z.string(),
  scenario: z.string(),
  validation: z.string(),
  driver: z.string(),
  startedAt: z.iso.datetime(),
  state: z.enum(TRIAL_STATES),
  /** Why the trial is not `valid`. */
  reason: z.string().optional(),
  /** Observations that do not invalidate a trial, e.g. `not-saturated`. */
  flags: z.array(z.string()).default([]),
  /** Absent when the trial crashed before measuring anything. The windows' totals. */
  metrics: TrialMetrics.optional(),
  /**
   * The measured windows of this server process, in order (all after one warm-up). Windows
   * share the process, so statistics average them per trial before comparing trials.
   */
  windows: z.array(TrialWindow).optional(),
});
export type Trial = z.output<typeof Trial>;

export const MetricSummary = z.strictObject({
  estimate: z.number(),
  low: z.number(),
  high: z.number(),
  /** Coefficient of variation across valid trials (stdev / mean). */
  cv: z.number().nonnegative(),
});
export type MetricSummary = z.output<typeof MetricSummary>;

/** Latency percentiles, each a median over trials with its interval, µs. */
export const LatencySummary = z.strictObject({
  p50: MetricSummary,
  p90: MetricSummary,
  p99: MetricSummary,
  p999: MetricSummary,
});
export type LatencySummary = z.output<typeof LatencySummary>;

/** What names a cell: the stack, the scenario and the validation mode. */
export const CellId = z.strictObject({
  stack: z.string(),
  scenario: z.string(),
  validation: z.string(),
});
export type CellId = z.output<typeof CellId>;

/** One planned trial: its round, its position in the round (1-based) and its cell. */
export const PlanEntry = z.strictObject({
  round: z.int().min(1),
  order: z.int().min(1),
  ...CellId.shape,
});
export type PlanEntry = z.output<typeof PlanEntry>;

export const Cell = z.strictObject({
  stack: z.string(),
  scenario: z.string(),
  validation: z.string(),
  /** Trials run, and how many of them were valid (only valid ones are summarised). */
  trials: z.int().nonnegative(),
  valid: z.int().nonnegative(),
  rps: MetricSummary.optional(),
  latencyUs: LatencySummary.optional(),
  cpuUsPerRequest: MetricSummary.optional(),
  rssPeakBytes: z.number().nonnegative().optional(),
  /** req/s relative to node-http (same scenario and validation), paired by round. */
  ratioToBaseline: Estimate.optional(),
  /** This mode against validation `off` of the same stack, paired by round. */
  validationOverhead: z
    .strictObject({
      cpuUsPerRequest: Estimate,
      throughputPercent: Estimate,
    })
    .optional(),
  flags: z.array(z.string()).default([]),
});
export type Cell = z.output<typeof Cell>;

export const Manifest = z.strictObject({
  tool: z.strictObject({
    version: z.string(),
    commit: z.string().optional(),
    dirty: z.boolean().optional(),
  }),
  lockfileHash: z.string().optional(),
  node: z.string(),
  frameworks: z.record(z.string(), z.string()),
  driver: z.strictObject({
    name: z.string(),
    version: z.string(),
    options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  }),
  host: z.strictObject({
    os: z.string(),
    kernel: z.string(),
    cpuModel: z.string(),
    cpuCount: z.int().positive(),
    memoryBytes: z.number().positive(),
  }),
  isolation: z.string(),
  cpus: z.strictObject({ server: z.string(), load: z.string() }),
  profile: z.string(),
  seed: z.int(),
  rounds: z.int().positive(),
  durationS: z.number().positive(),
  warmupS: z.number().nonnegative(),
  scenarios: z.array(z.strictObject({ name: z.string(), hash: z.string() })),
  /** Measured windows per server process (trial). Absent in older files: 1. */
  windows: z.int().positive().optional(),
  /** A server the user runs elsewhere (`--target`), instead of started stacks. */
  target: z.string().optional(),
  command: z.array(z.string()),
  /**
   * What Peak RSS measures: a process's VmRSS, or a container cgroup's working set.
   * @default 'process-rss' (when absent)
   */
  memory: z.enum(['process-rss', 'container-working-set']).optional(),
});
export type Manifest = z.output<typeof Manifest>;

const Ceiling = z.strictObject({
  rps: z.number().nonnegative(),
  generatorCpuPercent: z.number().nonnegative(),
  /** A polling generator: its work, % of its cores (its CPU is full by design). */
  generatorWorkPercent: z.number().nonnegative().optional(),
  serverCpuPercent: z.number().nonnegative(),
  stack: z.string(),
  scenario: z.string(),
});

/** Server-side numbers of one measurement, for calibrations that compare two setups. */
const SideBySide = z.strictObject({
  rps: z.number().nonnegative(),
  cpuUsPerRequest: z.number().nonnegative(),
  p99Us: z.number().nonnegative(),
});

export const Calibration = z.strictObject({
  /** What the run's driver alone can produce: its rate against node-http's cheapest route. */
  generatorCeiling: Ceiling.optional(),
  /** Every available driver against the same server, so readers see how much the measurer matters. */
  driverCeilings: z
    .array(
      Ceiling.extend({
        driver: z.string(),
        version: z.string(),
        latencyUs: LatencyUs,
        /**
         * Open-model drivers: the highest arrival rate held on schedule with the generator
         * under its CPU limit, and whose limit ended the search (`server`: the server
         * saturated first, so the driver's ceiling is above `heldRps`).
         */
        openModel: z
          .strictObject({
            heldRps: z.number().nonnegative(),
            limit: z.enum(['generator', 'server', 'none']),
            steps: z.array(
              z.strictObject({
                rps: z.number().positive(),
                achievedRps: z.number().nonnegative(),
                generatorPercent: z.number().nonnegative(),
                serverPercent: z.number().nonnegative(),
                ok: z.boolean(),
                reason: z.string().optional(),
              }),
            ),
          })
          .optional(),
      }),
    )
    .optional(),
  /** The same stack inside and outside a container, in the same run: what isolation costs. */
  containerOverhead: z
    .strictObject({
      stack: z.string(),
      scenario: z.string(),
      rounds: z.int().positive(),
      process: SideBySide,
      container: SideBySide,
      /** (container − process) / process × 100, on medians over the rounds. */
      rpsChangePercent: z.number(),
      cpuChangePercent: z.number(),
    })
    .optional(),
});

/** The rules that classified the run's trials (runner/run/validity.ts), as applied. */
export const ValidityRules = z.strictObject({
  /**
   * Server CPU, % of its budget, at or above which the server was saturated (a closed-model
   * window is then valid whatever the generator did).
   */
  serverSaturatedPercent: z.number().nonnegative(),
  /** Generator CPU, % of its budget, at or above which a window whose server had room is generator-bound. */
  generatorBoundPercent: z.number().positive(),
  /**
   * CPU used by other processes, % of one core, at or above which a window is contended.
   * Absent in files written before the rule existed.
   */
  otherCpuLimitPercent: z.number().positive().optional(),
  /**
   * Open model: late sends at wake-ups that followed late ones (every late send where the
   * driver does not tell, or `stallLimitPercent` is absent), % of the requests, above which the
   * generator fell behind its schedule and the window is invalid. Absent in older files (late
   * sends were dropped).
   */
  lateSendLimitPercent: z.number().nonnegative().optional(),
  /**
   * Open model: late sends of any kind (stalls of the host included), % of the requests, above
   * which the window is invalid; then `lateSendLimitPercent` judges only the late sends at
   * wake-ups that followed late ones (`lateBehind`). Absent in older files.
   */
  stallLimitPercent: z.number().nonnegative().optional(),
});
export type ValidityRules = z.output<typeof ValidityRules>;

/** A stack as reports show it: its label and the guide's columns. */
export const StackInfo = z.strictObject({
  name: z.string(),
  label: z.string(),
  /** The guide's "Docs Generation" column. */
  docs: z.string(),
  /** The guide's "Async Runtime" column. */
  runtime: z.string(),
  /** How it was served (server, workers, event loop). Absent in files written before it. */
  serverConfig: z.string().optional(),
});
export type StackInfo = z.output<typeof StackInfo>;

/**
 * Published figures a run answers (e.g. the guide's table, runner/run/guide.ts): who claims
 * them, for which scenario, and the claimed req/s per stack. A property of the source, not of
 * a stack, so it is stored once per run and reports put it beside the measured numbers.
 */
export const Reference = z.strictObject({
  /** Where the claims come from: title, author, the table they are in. */
  source: z.string().min(1),
  /** The scenario the claimed throughputs describe (e.g. `json`, "a baseline JSON endpoint"). */
  scenario: z.string().min(1),
  /** The scenario the validation overhead is read on (a stack's own validator against `off`). */
  overheadScenario: z.string().min(1).optional(),
  /** Stack name → claimed req/s. Stacks the source does not claim are absent. */
  claims: z.record(z.string().min(1), z.number().positive()),
  /** What the source leaves unsaid (hardware, method, intervals), shown under its table. */
  note: z.string().optional(),
});
export type Reference = z.output<typeof Reference>;

/** One latency bound of an SLO: `p99<50ms` → {percentile: 'p99', op: '<', limitUs: 50000}. */
export const SloRule = z.strictObject({
  percentile: z.enum(['p50', 'p90', 'p99', 'p999']),
  op: z.enum(['<', '<=']),
  limitUs: z.number().positive(),
});
export type SloRule = z.output<typeof SloRule>;

/** One open-model step of a capacity search. */
export const CapacityStep = z.strictObject({
  targetRps: z.number().positive(),
  achievedRps: z.number().nonnegative(),
  latencyUs: LatencyUs,
  errors: z.int().nonnegative(),
  /** Iterations the open-model generator could not start on time. */
  dropped: z.int().nonnegative(),
  /** Whether this step met the SLO and the error budget. */
  ok: z.boolean(),
  /** Why the step failed (every reason), when it did. Optional: added with `capacity`. */
  reason: z.string().optional(),
  /** The load generator's CPU over the step, % of its cores. Optional: added with `capacity`. */
  generatorCpuPercent: z.number().nonnegative().optional(),
});

export const Capacity = z.strictObject({
  stack: z.string(),
  scenario: z.string(),
  validation: z.string(),
  driver: z.string(),
  /** The SLO as given, e.g. `p99<50ms`. */
  slo: z.string(),
  /** The SLO as parsed by the run that searched. */
  sloRules: z.array(SloRule),
  /** Highest rate that met the SLO; null when even the first step failed. */
  sustainableRps: z.number().nonnegative().nullable(),
  /** Every step tried, in the order tried: the latency-versus-rate curve. */
  steps: z.array(CapacityStep),
  /**
   * e.g. `generator-bound` (a step failed because the generator ran out of CPU: the
   * sustainable rate is a floor, the server may hold more). Optional: added with `capacity`.
   */
  flags: z.array(z.string()).optional(),
});
export type Capacity = z.output<typeof Capacity>;

/**
 * The run's exact load settings, written when it starts so `--resume` continues with them
 * (the manifest is descriptive: wrk records its whole-second timeout there). Optional: files
 * written before it resume from the manifest. See docs/design.md §8.
 */
export const RunSettings = z.strictObject({
  driver: z.string(),
  isolation: z.string(),
  durationS: z.number().positive(),
  warmupS: z.number().nonnegative(),
  connections: z.int().positive(),
  /** Requests per connection before the answers, when not the scenario's own. */
  pipelining: z.int().positive().optional(),
  timeoutS: z.number().positive(),
  seed: z.int().nonnegative(),
  /** Measured windows of `durationS` per server process, after one warm-up (default 1). */
  windows: z.int().positive().optional(),
  /** taskset CPU lists; absent: unpinned. */
  serverCpus: z.string().optional(),
  loadCpus: z.string().optional(),
  /** Extra environment for every server (e.g. SEED_PRODUCTS). */
  serverEnv: z.record(z.string(), z.string()).optional(),
  /** Open model: requests per second (drivers with the open model). */
  rate: z.number().positive().optional(),
  /**
   * The generator busy-polls instead of sleeping (`--poll`; drivers with the polling
   * capability). Absent: it sleeps (files from before the flag).
   */
  poll: z.boolean().optional(),
});
export type RunSettings = z.output<typeof RunSettings>;

/**
 * Latency at equal offered load (open model): every stack at the same arrival rates, derived
 * from the saturated phase's capacities (see runner/run/equal-load.ts). Optional: added with
 * the open-model latency comparison.
 */
export const EQUAL_LOAD_BASES = ['slowest', 'own'] as const;
export const EqualLoadLabel = z.strictObject({
  /** `slowest`: a fraction of the slowest stack's capacity (same rate for every stack); `own`: of the stack's own. */
  basis: z.enum(EQUAL_LOAD_BASES),
  fraction: z.number().positive().max(1),
});

export const EqualLoadTrial = Trial.extend({
  /** The arrival rate asked for, req/s. */
  offeredRps: z.number().positive(),
  labels: z.array(EqualLoadLabel).min(1),
});
export type EqualLoadTrial = z.output<typeof EqualLoadTrial>;

export const EqualLoadCell = z.strictObject({
  ...CellId.shape,
  offeredRps: z.number().positive(),
  labels: z.array(EqualLoadLabel).min(1),
  trials: z.int().nonnegative(),
  valid: z.int().nonnegative(),
  achievedRps: MetricSummary.optional(),
  latencyUs: LatencySummary.optional(),
  /** Latency relative to node-http at the same offered rate, paired by round (basis `slowest`). */
  ratioToBaseline: z.strictObject({ p50: Estimate, p99: Estimate }).optional(),
  flags: z.array(z.string()).default([]),
});
export type EqualLoadCell = z.output<typeof EqualLoadCell>;

export const EqualLoad = z.strictObject({
  /** The open-model driver that measured it. */
  driver: z.string(),
  fractions: z.array(z.number().positive().max(1)),
  bases: z.array(z.enum(EQUAL_LOAD_BASES)),
  /** Measured windows per server process at each rate (default 1). */
  windows: z.int().positive().optional(),
  /** Warm-up before each process's window, s (default: the run's). */
  warmupS: z.number().nonnegative().optional(),
  /** The saturated capacities the rates derive from (req/s, per cell). */
  capacities: z.array(
    z.strictObject({
      ...CellId.shape,
      rps: z.number().nonnegative(),
      /** The server was not saturated there (generator-bound or not-saturated): `rps` is a floor. */
      floor: z.boolean().optional(),
    }),
  ),
  /** The planned (round, order, cell, rate) list: interleaved and shuffled like the main plan. */
  plan: z.array(
    z.strictObject({
      ...PlanEntry.shape,
      offeredRps: z.number().positive(),
      labels: z.array(EqualLoadLabel).min(1),
      /** Known before measuring: `capacity-floor`, `above-driver-ceiling` (see equal-load.ts). */
      flags: z.array(z.string()).default([]),
    }),
  ),
  trials: z.array(EqualLoadTrial),
  summary: z.array(EqualLoadCell),
});
export type EqualLoad = z.output<typeof EqualLoad>;

/** One trial of a sweep: a cell at one level of the work. */
export const SweepTrial = Trial.extend({
  /** Connections (closed model) or offered req/s (open model). */
  level: z.int().positive(),
});
export type SweepTrial = z.output<typeof SweepTrial>;

export const SweepPoint = z.strictObject({
  ...CellId.shape,
  level: z.int().positive(),
  trials: z.int().nonnegative(),
  /** Trials whose numbers count: every one without errors (generator-bound ones flagged). */
  measured: z.int().nonnegative(),
  rps: MetricSummary.optional(),
  latencyUs: LatencySummary.optional(),
  flags: z.array(z.string()).default([]),
});
export type SweepPoint = z.output<typeof SweepPoint>;

/** `stackbench sweep`: how throughput and latency grow with the work, and where the knee is. */
export const Sweep = z.strictObject({
  model: z.enum(['closed', 'open']),
  levels: z.array(z.int().positive()).min(1),
  /** The knee's definition as run (see runner/sweep/knee.ts). */
  knee: z.strictObject({
    minThroughputGain: z.number().nonnegative(),
    minLatencyGrowth: z.number().nonnegative(),
  }),
  plan: z.array(PlanEntry.extend({ level: z.int().positive() })),
  trials: z.array(SweepTrial),
  summary: z.array(SweepPoint),
  /** Per cell: the knee's level (null: beyond the levels swept) and the step that showed it. */
  knees: z.array(
    z.strictObject({
      ...CellId.shape,
      level: z.int().positive().nullable(),
      because: z.string(),
    }),
  ),
});
export type Sweep = z.output<typeof Sweep>;

export const Results = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  runId: z.string(),
  status: z.enum(['running', 'completed', 'interrupted']),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().optional(),
  manifest: Manifest,
  settings: RunSettings.optional(),
  /** The validity rules the run applied to its trials. */
  validityRules: ValidityRules,
  /** The stacks the run knew, in catalog order (the baseline first): labels and the guide's columns. */
  stacks: z.array(StackInfo),
  /** Published figures this run answers (`--profile guide`); reports lead with them. */
  reference: Reference.optional(),
  calibration: Calibration.default({}),
  /** The planned (round, order, cell) list, so `--resume` continues where the run stopped. */
  plan: z.array(PlanEntry),
  trials: z.array(Trial),
  summary: z.array(Cell),
  /** How precise the headline is, and what more rounds would buy (see runner/run/precision.ts). */
  precision: z
    .strictObject({
      scenario: z.string(),
      validation: z.string(),
      /** The stack whose ratio to node-http has the widest 95 % interval. */
      stack: z.string(),
      /** That interval's half-width, % of its estimate (max of the two sides). */
      halfWidthPercent: z.number().nonnegative(),
      /** Paired rounds it rests on. */
      rounds: z.int().nonnegative(),
      /** Rounds in all that would halve it, from its own spread (Student t, √n); null: too few. */
      roundsToHalve: z.int().positive().nullable(),
      /** The half-width a ranking should reach, % (runner/run/precision.ts). */
      goalPercent: z.number().positive().optional(),
      /** Rounds in all that would bring it within the goal at this spread; null: too few. */
      roundsForGoal: z.int().positive().nullable().optional(),
      /** Seconds of trials per round in this run (the pace the estimate in time uses). */
      secondsPerRound: z.number().positive().optional(),
    })
    .optional(),
  /** `stackbench capacity` results: the highest sustainable rate per cell under an SLO. */
  capacity: z.array(Capacity).optional(),
  /** Latency at equal offered load (open model), beside the saturated phase. */
  equalLoad: EqualLoad.optional(),
  /** `stackbench sweep`: throughput and latency per level of the work. */
  sweep: Sweep.optional(),
});
export type Results = z.output<typeof Results>;
export type PlannedTrial = Results['plan'][number];
