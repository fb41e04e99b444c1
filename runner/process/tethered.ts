/**
 * Tethered children: every process stackbench starts (servers, load generators, docker
 * clients) dies with the stackbench process that started it, whatever kills that process
 * (SIGKILL, an OOM kill, a closed terminal, a CI timeout), and carries a tag naming its
 * runner so that the next run removes any that escaped (see `orphans.ts`).
 *
 * How: the command runs under `setpriv --pdeathsig KILL` (util-linux, like taskset), which
 * sets PR_SET_PDEATHSIG and execs the command (through `taskset -c <cpus>` when pinned), so
 * the pid is the tool's own, /proc/<pid> is its CPU, and the kernel sends it SIGKILL when its
 * parent dies. Language-independent: it works for node, wrk, k6, docker or a Python server.
 * The death signal fires when the parent *thread* that forked the child exits: Node's
 * `child_process` forks from the main thread, so it means the process; do not spawn tethered
 * children from a worker thread that ends before them. A runner killed between fork and the
 * prctl (microseconds) leaves an orphan: the tag is for that, and for any grandchildren.
 *
 * Adopt it at a spawn site in one line, with any spawner:
 * ```ts
 * const t = tethered(process.execPath, [entry], { cpus: '1' });
 * spawn(t.file, t.args, { env: { ...process.env, ...t.env } }); // or execa(t.file, t.args, { env: t.env })
 * ```
 * The first tethered spawn of a process also removes what dead runs left (`sweepOrphans`).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ownerOf } from './owner.js';
import { reportSweep, sweepOrphans } from './orphans.js';

/** Env tag every tethered child carries: the owner (`<pid>-<start time>`) of its runner. */
export const RUNNER_TAG = 'STACKBENCH_RUNNER';
/** Env tag with the runner's bare pid (kept: tests and users look for it). */
export const PARENT_PID_TAG = 'STACKBENCH_PARENT_PID';

export interface TetherOptions {
  /** CPU list for `taskset -c` (e.g. "1"); undefined runs unpinned. */
  cpus?: string;
}

export interface Tethered {
  /** The program to start. */
  file: string;
  /** Its arguments. */
  args: string[];
  /** Variables to add to the child's environment (the runner tags). */
  env: Record<string, string>;
}

const onPath = (name: string): boolean =>
  (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d !== '')
    .some((dir) => {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });

let setpriv: boolean | undefined;
let swept = false;

/** The runner tags of this process, for a child's environment. */
export function runnerTags(): Record<string, string> {
  return {
    [RUNNER_TAG]: ownerOf(process.pid) ?? `${process.pid}-0`,
    [PARENT_PID_TAG]: String(process.pid),
  };
}

/**
 * `file args` wrapped so that the child dies with this process (and pinned to `cpus`), and
 * the tags to add to its environment. Without setpriv (util-linux older than 2.33) the
 * child is not tethered, but still tagged, so the next run removes it.
 */
export function tethered(file: string, args: string[], options: TetherOptions = {}): Tethered {
  if (!swept) {
    swept = true;
    reportSweep(sweepOrphans());
  }
  setpriv ??= onPath('setpriv');
  const pinned =
    options.cpus === undefined ? [file, ...args] : ['taskset', '-c', options.cpus, file, ...args];
  const command = setpriv ? ['setpriv', '--pdeathsig', 'KILL', '--', ...pinned] : pinned;
  return { file: command[0]!, args: command.slice(1), env: runnerTags() };
}
