import { spawn, type ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  parseSchedstat,
  parseStatCpuTicks,
  parseStatusBytes,
  processTree,
  sampleProcess,
  sampleTree,
} from '../../runner/sampling/proc.js';

describe('/proc parsing', () => {
  it('reads utime + stime after a comm field holding spaces and parentheses', () => {
    // Fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const stat =
      '4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 9000 0 3 0 1234 567 0 0 20 0 11 0';
    expect(parseStatCpuTicks(stat)).toBe(1234 + 567);
  });

  it('refuses a stat line it does not understand', () => {
    expect(() => parseStatCpuTicks('garbage')).toThrow(/unexpected/);
  });

  it('reads VmRSS and VmHWM in bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t   81920 kB\nVmRSS:\t   40960 kB\nThreads:\t11\n';
    expect(parseStatusBytes(status, 'VmRSS')).toBe(40960 * 1024);
    expect(parseStatusBytes(status, 'VmHWM')).toBe(81920 * 1024);
    expect(parseStatusBytes('Name:\tx\n', 'VmRSS')).toBe(0);
  });

  it('samples a real process: CPU time grows with work, memory is plausible', () => {
    const before = sampleProcess(process.pid)!;
    const until = Date.now() + 300;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const after = sampleProcess(process.pid)!;
    expect(x).toBeGreaterThan(0);
    expect(after.cpuS - before.cpuS).toBeGreaterThan(0.1);
    expect(after.rssBytes).toBeGreaterThan(10e6);
    expect(after.peakRssBytes).toBeGreaterThanOrEqual(after.rssBytes);
  });

  it('reads schedstat: nanoseconds running, nanoseconds waiting for a CPU', () => {
    expect(parseSchedstat('562185192 1034061548 266\n')).toEqual({
      runNs: 562185192,
      waitNs: 1034061548,
    });
    expect(() => parseSchedstat('x')).toThrow(/unexpected/);
  });

  it('counts a busy loop that shares its CPU as busy, though it gets only part of the CPU', async () => {
    // Two busy loops pinned to one CPU: each gets about half of it, and each always has work.
    const loop = (): ChildProcess =>
      spawn('taskset', ['-c', '0', process.execPath, '-e', 'for(;;){}'], { stdio: 'ignore' });
    const [a, b] = [loop(), loop()];
    const idle = spawn('sleep', ['5'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const before = [a, idle].map((c) => sampleProcess(c.pid!)!);
      const wallStart = performance.now();
      await new Promise((r) => setTimeout(r, 1500));
      const after = [a, idle].map((c) => sampleProcess(c.pid!)!);
      const wallS = (performance.now() - wallStart) / 1000;
      const cpuShare = (after[0]!.cpuS - before[0]!.cpuS) / wallS;
      const busyShare = (after[0]!.busyS! - before[0]!.busyS!) / wallS;
      expect(cpuShare).toBeLessThan(0.8);
      expect(busyShare).toBeGreaterThan(0.9);
      expect(after[1]!.busyS! - before[1]!.busyS!).toBeLessThan(0.05);
    } finally {
      for (const c of [a, b, idle]) c.kill('SIGKILL');
    }
  });

  it('sums a server whose work happens in a child process (a Gunicorn arbiter and its worker)', async () => {
    const parent = spawn('sh', ['-c', `"${process.execPath}" -e 'for(;;){}' & wait`], {
      stdio: 'ignore',
    });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const before = [sampleProcess(parent.pid!)!, sampleTree(parent.pid!, 'all')!];
      await new Promise((r) => setTimeout(r, 1000));
      const after = [sampleProcess(parent.pid!)!, sampleTree(parent.pid!, 'all')!];
      expect(after[0]!.cpuS - before[0]!.cpuS).toBeLessThan(0.05);
      expect(after[1]!.cpuS - before[1]!.cpuS).toBeGreaterThan(0.3);
      expect(after[1]!.busyS! - before[1]!.busyS!).toBeGreaterThan(0.8);
      expect(after[1]!.rssBytes).toBeGreaterThan(after[0]!.rssBytes);
    } finally {
      // The children first: once the parent is gone they belong to init and are hard to find.
      for (const pid of processTree(parent.pid!).reverse()) process.kill(pid, 'SIGKILL');
    }
  });

  it('returns undefined for a process that does not exist', () => {
    expect(sampleProcess(2 ** 22 + 12345)).toBeUndefined();
  });
});
