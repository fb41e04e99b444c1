/** Live processes a given stackbench process started (each carries its pid as a tag). */
import { readdirSync, readFileSync } from 'node:fs';

export interface Tagged {
  pid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
}

export function processesOf(runner: number | undefined): Tagged[] {
  if (runner === undefined) return [];
  const found: Tagged[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const env = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      if (!env.includes(`STACKBENCH_PARENT_PID=${runner}`)) continue;
      const command = readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0').join(' ');
      // A zombie (reaped by init in a moment) holds no resource and runs nothing.
      const state = /\) (\S)/.exec(readFileSync(`/proc/${entry}/stat`, 'latin1'))?.[1];
      if (state !== 'Z') found.push({ pid: Number(entry), command: command.trim() });
    } catch {
      // gone already, or not readable
    }
  }
  return found;
}
