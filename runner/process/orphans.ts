/**
 * Removes what a dead run left: live processes whose runner tag (`STACKBENCH_RUNNER`, set by
 * `tethered()`) names a stackbench process that is gone. Processes of a live run, even
 * another user's run on the same machine, are left alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { ownerGone, ownerOf } from './owner.js';

const TAG = 'STACKBENCH_RUNNER=';

/** The runner tag in a NUL-separated environ block, if any. */
export function runnerTagOf(environ: string): string | undefined {
  const entry = environ.split('\0').find((e) => e.startsWith(TAG));
  return entry?.slice(TAG.length);
}

export interface TaggedProcess {
  pid: number;
  runner: string;
}

/** Every live process (readable by this user) that carries a runner tag. */
export function taggedProcesses(): TaggedProcess[] {
  const found: TaggedProcess[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const runner = runnerTagOf(readFileSync(`/proc/${entry}/environ`, 'latin1'));
      if (runner !== undefined) found.push({ pid: Number(entry), runner });
    } catch {
      // gone already, or not ours to read
    }
  }
  return found;
}

/** The tagged processes whose runner is gone (pure: for tests). */
export function orphansAmong(
  tagged: TaggedProcess[],
  ownerNow: (pid: number) => string | undefined,
  self = process.pid,
): number[] {
  return tagged.filter((t) => t.pid !== self && ownerGone(t.runner, ownerNow)).map((t) => t.pid);
}

/** SIGKILLs every process a dead run left; returns their pids. */
export function sweepOrphans(): number[] {
  const orphans = orphansAmong(taggedProcesses(), ownerOf);
  const killed: number[] = [];
  for (const pid of orphans) {
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return killed;
}

/** One line on stderr when a sweep removed anything. */
export function reportSweep(killed: number[]): void {
  if (killed.length > 0)
    process.stderr.write(
      `Stopped ${killed.length} process(es) left by an earlier stackbench run that is no longer alive (pid ${killed.join(', ')}).\n`,
    );
}
