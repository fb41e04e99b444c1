/**
 * Resource sampling from /proc: CPU time (utime + stime, which excludes steal time) and
 * resident memory of one process. The parsers are pure and tested on fixed text.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks: number | undefined;

/** Kernel clock ticks per second (USER_HZ), for /proc/<pid>/stat times. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime in ticks from the text of /proc/<pid>/stat (the comm field may hold spaces). */
export function parseStatCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0, so utime (14) is 11 and stime (15) is 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime))
    throw new Error('unexpected /proc stat format');
  return utime + stime;
}

/** A `VmRSS`/`VmHWM`-style line of /proc/<pid>/status, in bytes (0 when absent). */
export function parseStatusBytes(status: string, key: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${key}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  return match?.[1] === undefined ? 0 : Number(match[1]) * 1024;
}

export interface ProcessSample {
  cpuS: number;
  rssBytes: number;
  peakRssBytes: number;
}

/** Reads one process's CPU seconds and memory now; undefined once the process is gone. */
export function sampleProcess(pid: number): ProcessSample | undefined {
  try {
    const cpuS = parseStatCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / ticksPerSecond();
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      cpuS,
      rssBytes: parseStatusBytes(status, 'VmRSS'),
      peakRssBytes: parseStatusBytes(status, 'VmHWM'),
    };
  } catch {
    return undefined;
  }
}
