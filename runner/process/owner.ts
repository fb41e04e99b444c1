/**
 * Who owns a process: `<pid>-<start time>` of a stackbench process, which tells a live
 * runner from a dead one whose pid was reused. Children carry it (env tag, container label).
 */
import { readFileSync } from 'node:fs';

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), which tells a pid's reuse apart. */
export function parseStartTime(stat: string): string {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const start = fields[19];
  if (start === undefined || !/^\d+$/.test(start)) throw new Error('unexpected /proc stat format');
  return start;
}

/** The owner tag of a live process: `<pid>-<start time>`; undefined when it is gone. */
export function ownerOf(pid: number): string | undefined {
  try {
    return `${pid}-${parseStartTime(readFileSync(`/proc/${pid}/stat`, 'utf8'))}`;
  } catch {
    return undefined;
  }
}

/** Whether the stackbench process named by an owner tag is gone (or the tag is unreadable). */
export function ownerGone(owner: string, ownerNow: (pid: number) => string | undefined): boolean {
  const match = /^(\d+)-\d+$/.exec(owner);
  if (match?.[1] === undefined) return true;
  return ownerNow(Number(match[1])) !== owner;
}
