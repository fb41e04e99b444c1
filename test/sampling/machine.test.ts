/** The machine's task CPU from /proc/stat text (fixed input) and from this machine. */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  busiestProcesses,
  machineTaskCpuS,
  parseMachineTaskTicks,
  parseStealTicks,
} from '../../runner/sampling/machine.js';

const PROC_STAT = `cpu  1576047 1747 226507 334355 6019 0 26765 29620 0 0
cpu0 788000 900 113000 167000 3000 0 13000 14800 0 0
cpu1 788047 847 113507 167355 3019 0 13765 14820 0 0
intr 12345
`;

describe('parseMachineTaskTicks', () => {
  it('adds user, nice and system of the all-CPU line, and nothing else', () => {
    expect(parseMachineTaskTicks(PROC_STAT)).toBe(1576047 + 1747 + 226507);
  });
  it('refuses text without a cpu line', () => {
    expect(() => parseMachineTaskTicks('intr 1\n')).toThrow(/unexpected \/proc\/stat/);
  });
});

describe('parseStealTicks', () => {
  it('adds the steal column of the CPUs asked for', () => {
    expect(parseStealTicks(PROC_STAT, [1])).toBe(14820);
    expect(parseStealTicks(PROC_STAT, [0, 1])).toBe(14800 + 14820);
    expect(parseStealTicks(PROC_STAT, [7])).toBe(0);
  });
});

describe('on this machine', () => {
  it("counts this process's own work in the machine total", () => {
    const before = machineTaskCpuS()!;
    const end = Date.now() + 300;
    while (Date.now() < end) {
      // spin: 0.3 s of task CPU on some CPU
    }
    expect(machineTaskCpuS()! - before).toBeGreaterThan(0.15);
  });
  it('names a busy process and leaves out the excluded ones', async () => {
    // A child that spins for 1.5 s (it ends by itself), sampled for 0.5 s of it.
    const child = spawn(process.execPath, [
      '-e',
      'const end = Date.now() + 1500; while (Date.now() < end) {}',
    ]);
    try {
      await new Promise((r) => setTimeout(r, 200));
      const { totalPercent, top } = await busiestProcesses(500, new Set([process.pid]));
      expect(top.every((p) => p.pid !== process.pid)).toBe(true);
      const spinner = top.find((p) => p.pid === child.pid);
      expect(spinner?.name).toBe('node');
      expect(spinner!.cpuPercent).toBeGreaterThan(30);
      expect(totalPercent).toBeGreaterThanOrEqual(spinner!.cpuPercent);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
