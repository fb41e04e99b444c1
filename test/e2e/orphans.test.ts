/**
 * Nothing left behind, whatever kills the runner: the real CLI killed with SIGKILL in the
 * middle of a trial leaves no server and no load generator 3 s later; and the next run
 * removes a process whose runner tag names a run that is gone.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownerOf } from '../../runner/process/owner.js';
import { CLI, stackbench } from '../cli.js';
import { processesOf } from './processes.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Whether a pid runs (a zombie waiting to be reaped runs nothing). */
const running = (pid: number) => {
  try {
    return /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[1] !== 'Z';
  } catch {
    return false;
  }
};

describe('no orphans', () => {
  it('a run killed with SIGKILL mid-trial leaves no process of its own 3 s later', async () => {
    const out = await mkdtemp(join(tmpdir(), 'sb-orphans-'));
    const child = spawn(
      process.execPath,
      [
        CLI,
        'run',
        '--stack',
        'node-http,express',
        '--scenario',
        'json',
        '--validation',
        'zod',
        '--rounds',
        '2',
        '--duration',
        '20',
        '--windows',
        '1',
        '--warmup',
        '0',
        '--connections',
        '4',
        '--no-verify',
        '--out',
        out,
      ],
      { env: { ...process.env, CI: 'true' }, stdio: 'ignore' },
    );
    const exited = new Promise((r) => child.on('exit', r));
    // Wait until a trial is under way: a server and the load generator, both of this run.
    const deadline = Date.now() + 90_000;
    let seen = processesOf(child.pid);
    while (!(
      seen.some((p) => p.command.includes('dist/servers/')) &&
      seen.some((p) => p.command.includes('drivers/embedded/worker'))
    )) {
      if (Date.now() > deadline)
        throw new Error(`no trial under way within 90 s: ${JSON.stringify(seen)}`);
      await sleep(100);
      seen = processesOf(child.pid);
    }
    child.kill('SIGKILL');
    await exited;
    await sleep(3000);
    expect(processesOf(child.pid)).toEqual([]);
    for (const p of seen) expect(running(p.pid), p.command).toBe(false);
  }, 150_000);

  it('the next run stops a process left by a run that is gone, and only that one', async () => {
    const script = 'setTimeout(() => {}, 120000)';
    const orphan = spawn(process.execPath, ['-e', script], {
      // The tag of a runner that cannot be alive: pid 2^22 + 1 is above Linux's pid_max.
      env: { ...process.env, STACKBENCH_RUNNER: '4194305-1', STACKBENCH_PARENT_PID: '4194305' },
      stdio: 'ignore',
      detached: true,
    });
    const bystander = spawn(process.execPath, ['-e', script], {
      // A live runner's tag (this test process, with its real start time) is left alone.
      env: { ...process.env, STACKBENCH_RUNNER: ownerOf(process.pid)! },
      stdio: 'ignore',
      detached: true,
    });
    const orphanExit = new Promise((r) => orphan.on('exit', r));
    try {
      await sleep(200);
      expect(running(orphan.pid!)).toBe(true);
      const { code, stderr } = await stackbench([
        'verify',
        '--stack',
        'node-http',
        '--validation',
        'off',
      ]);
      expect(code).toBe(0);
      // (Another dead run's leftovers on a shared machine may be stopped too.)
      expect(stderr).toMatch(/Stopped \d+ process\(es\) left by an earlier stackbench run/);
      expect(stderr).toMatch(new RegExp(`pid [\\d, ]*\\b${orphan.pid}\\b`));
      await Promise.race([orphanExit, sleep(5000)]);
      expect(running(orphan.pid!)).toBe(false);
      expect(running(bystander.pid!)).toBe(true);
    } finally {
      orphan.kill('SIGKILL');
      bystander.kill('SIGKILL');
    }
  }, 120_000);
});
