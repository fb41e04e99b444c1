/**
 * The load flags every measuring command shares (`run`, `ab`, `capacity`, `drivers`),
 * declared once: one name, one help text, one default and one range each. A command picks
 * the flags it takes and may give duration, warm-up and connections defaults of its own
 * (a profile's, a probe's); every bound and every other default lives here.
 */
import type { Command } from 'commander';
import { DEFAULT_DRIVER, DRIVERS } from '../drivers/index.js';
import type { LoadDriver } from '../drivers/driver.js';
import { usageError } from '../exit-codes.js';
import { DEFAULT_ISOLATION, ISOLATIONS } from '../isolation/index.js';
import type { Isolation } from '../isolation/isolation.js';
import { parseInteger, parseSeconds, resolveCpus } from '../options.js';
import { underHypervisor } from '../system/hypervisor.js';
import type { RunSettings } from '../results/schema.js';

/** Seconds before a request counts as timed out. */
export const DEFAULT_TIMEOUT_S = 10;
/** Seed of the trial order, request variety and bootstrap. */
export const DEFAULT_SEED = 1;

/** The one range of each load setting (inclusive). */
export const LOAD_BOUNDS = {
  durationS: { min: 0.5, max: 3600 },
  warmupS: { min: 0, max: 600 },
  windows: { min: 1, max: 1000 },
  connections: { min: 1, max: 10_000 },
  timeoutS: { min: 0.1, max: 600 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  rate: { min: 1, max: 10_000_000 },
} as const;

export type LoadFlag =
  | 'duration'
  | 'warmup'
  | 'windows'
  | 'connections'
  | 'rate'
  | 'timeout'
  | 'seed'
  | 'serverCpus'
  | 'loadCpus'
  | 'driver'
  | 'isolation'
  | 'poll';

/** The raw values commander hands over for the load flags. */
export type LoadFlagValues = Partial<Record<LoadFlag, string>>;

const HELP: Record<LoadFlag, [flags: string, help: string]> = {
  duration: ['--duration <s>', 'seconds in each measured window'],
  warmup: ['--warmup <s>', 'seconds of load before the first window, not measured'],
  windows: ['--windows <n>', 'measured windows per server process'],
  connections: ['--connections <n>', 'concurrent connections (closed model)'],
  rate: [
    '--rate <rps>',
    'open model: requests per second whatever the latency (needs a driver with the open model, e.g. k6; default: closed model)',
  ],
  timeout: ['--timeout <s>', 'seconds before a request counts as timed out'],
  seed: ['--seed <n>', 'seed for the trial order, request variety and bootstrap'],
  serverCpus: ['--server-cpus <list>', 'CPUs for the server (default: the last CPU)'],
  loadCpus: [
    '--load-cpus <list>',
    'CPUs for the load generator and stackbench (default: the others)',
  ],
  driver: ['--driver <name>', `load driver: ${Object.keys(DRIVERS).join(' | ')}`],
  poll: [
    '--poll <when>',
    'auto | on | off: the generator busy-polls its sockets instead of sleeping (drivers that can: embedded). auto: on a virtual machine, where waking a sleeping CPU costs the server an exit per response',
  ],
  isolation: [
    '--isolation <name>',
    `how servers run: ${Object.keys(ISOLATIONS).join(' | ')} (process: pinned local processes; docker: a fresh container per trial, see docker/README.md)`,
  ],
};

export interface LoadFlagSpec {
  /** The shared flags this command takes, in help order. */
  flags: readonly LoadFlag[];
  /** Defaults shown in `--help` where the command has its own (e.g. drivers: `--duration 5`). */
  defaults?: Partial<Record<'duration' | 'warmup' | 'connections' | 'driver', string>>;
  /** A command-specific help line (e.g. capacity: `--connections` are the probe's VUs). */
  help?: Partial<Record<LoadFlag, string>>;
}

const FIXED_DEFAULTS: Partial<Record<LoadFlag, string>> = {
  timeout: String(DEFAULT_TIMEOUT_S),
  seed: String(DEFAULT_SEED),
  driver: DEFAULT_DRIVER,
  isolation: DEFAULT_ISOLATION,
  poll: 'auto',
};

/** `--poll`'s values. */
export const POLL_MODES = ['auto', 'on', 'off'] as const;

/**
 * Whether the generator polls, for the driver `--driver` names: `--poll on` with a driver that
 * cannot poll is a usage error; auto polls with one that can, on a virtual machine.
 */
function pollFor(values: LoadFlagValues): boolean {
  const driver = DRIVERS[values.driver ?? DEFAULT_DRIVER];
  const asked = resolvePoll(values.poll, () => underHypervisor());
  if (driver === undefined || driver.capabilities.polling) return asked;
  if (values.poll === 'on')
    throw usageError(
      `--poll on: --driver ${driver.name} cannot poll (drivers that can: ${Object.values(DRIVERS)
        .filter((d) => d.capabilities.polling)
        .map((d) => d.name)
        .join(', ')})`,
    );
  return false;
}

/** Whether the generator polls: `--poll on|off`, or for auto (the default) `virtual`. */
export function resolvePoll(value: string | undefined, virtual: () => boolean): boolean {
  const mode = value ?? 'auto';
  if (!(POLL_MODES as readonly string[]).includes(mode))
    throw usageError(`--poll: expected one of ${POLL_MODES.join(', ')}, got "${mode}"`);
  return mode === 'on' || (mode === 'auto' && virtual());
}

/**
 * Adds the shared load flags. Defaults are shown in the help text, not given to commander,
 * so a command can tell a flag given from one left out (`--resume` refuses the former).
 */
export function addLoadFlags(command: Command, spec: LoadFlagSpec): Command {
  for (const name of spec.flags) {
    const [flags, help] = HELP[name];
    const fallback = (spec.defaults as Partial<Record<LoadFlag, string>> | undefined)?.[name];
    const shown = fallback ?? FIXED_DEFAULTS[name];
    command.option(
      flags,
      `${spec.help?.[name] ?? help}${shown !== undefined ? ` (default: ${shown})` : ''}`,
    );
  }
  return command;
}

/** The load settings the shared flags give (results.json `settings`, less what no flag sets). */
export type LoadSettings = Omit<RunSettings, 'driver' | 'isolation' | 'pipelining' | 'serverEnv'>;

/** Parses the shared load flags; `fallback` holds the command's (or profile's) own defaults. */
export function parseLoadFlags(
  values: LoadFlagValues,
  fallback: { durationS: number; warmupS: number; connections: number; windows?: number },
): LoadSettings {
  const b = LOAD_BOUNDS;
  const { serverCpus, loadCpus } = resolveCpus(values);
  return {
    durationS:
      values.duration === undefined
        ? fallback.durationS
        : parseSeconds('--duration', values.duration, b.durationS.min, b.durationS.max),
    warmupS:
      values.warmup === undefined
        ? fallback.warmupS
        : parseSeconds('--warmup', values.warmup, b.warmupS.min, b.warmupS.max),
    ...(values.windows !== undefined
      ? { windows: parseInteger('--windows', values.windows, b.windows.min, b.windows.max) }
      : fallback.windows !== undefined && { windows: fallback.windows }),
    connections:
      values.connections === undefined
        ? fallback.connections
        : parseInteger('--connections', values.connections, b.connections.min, b.connections.max),
    timeoutS:
      values.timeout === undefined
        ? DEFAULT_TIMEOUT_S
        : parseSeconds('--timeout', values.timeout, b.timeoutS.min, b.timeoutS.max),
    seed:
      values.seed === undefined
        ? DEFAULT_SEED
        : parseInteger('--seed', values.seed, b.seed.min, b.seed.max),
    serverCpus,
    loadCpus,
    ...(values.rate !== undefined && {
      rate: parseInteger('--rate', values.rate, b.rate.min, b.rate.max),
    }),
    poll: pollFor(values),
  };
}

/** The driver `--driver` names (or `fallback`), with the list of known ones when unknown. */
export function driverNamed(name: string | undefined, fallback = DEFAULT_DRIVER): LoadDriver {
  const driver = DRIVERS[name ?? fallback];
  if (driver === undefined)
    throw usageError(
      `--driver: expected one of ${Object.keys(DRIVERS).join(', ')}, got "${name ?? fallback}"`,
    );
  return driver;
}

/** The isolation `--isolation` names (or the default). */
export function isolationNamed(name: string | undefined): Isolation {
  const isolation = ISOLATIONS[name ?? DEFAULT_ISOLATION];
  if (isolation === undefined)
    throw usageError(
      `--isolation: expected one of ${Object.keys(ISOLATIONS).join(', ')}, got "${name ?? DEFAULT_ISOLATION}"`,
    );
  return isolation;
}
