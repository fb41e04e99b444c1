/** One exit code per failure class (documented in `--help` and the README). */
export const EXIT = {
  /** Everything asked for was done. */
  OK: 0,
  /** A check failed: verify found a contract break, compare/ab found a regression. */
  FAILED: 1,
  /** Bad command line: unknown flag, bad value, unknown stack or scenario. */
  USAGE: 2,
  /** A file given to stackbench is invalid: a scenario, results or config file. */
  BAD_INPUT: 3,
  /** A tool stackbench needs is missing (taskset, wrk, k6, docker, git, python3 ≥ 3.10). */
  MISSING_TOOL: 4,
  /** The run finished, but some cell has no valid trial (all invalid, crashed or bound). */
  NO_VALID_RESULT: 5,
  /** Two results files are not comparable (their manifests differ); --force compares anyway. */
  MISMATCH: 6,
  /** An internal error: a bug in stackbench. */
  INTERNAL: 70,
  /** Interrupted (Ctrl-C / SIGTERM); finished trials are kept. */
  INTERRUPTED: 130,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    a check failed: verify found a contract break, compare/ab a regression
  2    usage error: bad flag or value, unknown stack or scenario
  3    invalid input file (scenario, results or config file)
  4    a required tool is missing (taskset, wrk, k6, docker, git, python3 ≥ 3.10)
  5    run finished but some cell has no valid trial
  6    compare: the results are not comparable (manifests differ); --force to override
  70   internal error (a bug: please report it)
  130  interrupted; finished trials are kept and the run can be resumed`;

/** An error the CLI reports as one line (no stack trace) with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, EXIT.USAGE);

/**
 * The one abort error: Ctrl-C / SIGTERM stopped the work in flight. Drivers, trials, searches
 * and sessions throw it; the session turns it into status `interrupted` and exit 130.
 */
export class AbortedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'AbortedError';
  }
}

/** Throws the abort error when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}
