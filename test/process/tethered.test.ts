/**
 * The tether itself, language-independent: a plain `sleep` started through `tethered()` by a
 * node process dies when that process is SIGKILLed; and the pure parts of the sweep.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { orphansAmong, runnerTagOf } from '../../runner/process/orphans.js';
import { ownerOf } from '../../runner/process/owner.js';
import { tethered } from '../../runner/process/tethered.js';
import { compiledFile } from '../../runner/paths.js';

const running = (pid: number) => {
  try {
    return /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[1] !== 'Z';
  } catch {
    return false;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('tethered()', () => {
  it('wraps the command in setpriv and taskset, and tags it with this runner', () => {
    const t = tethered('wrk', ['-t1', 'http://x'], { cpus: '0' });
    expect([t.file, ...t.args]).toEqual([
      'setpriv',
      '--pdeathsig',
      'KILL',
      '--',
      'taskset',
      '-c',
      '0',
      'wrk',
      '-t1',
      'http://x',
    ]);
    expect(t.env.STACKBENCH_RUNNER).toBe(ownerOf(process.pid));
    expect(t.env.STACKBENCH_PARENT_PID).toBe(String(process.pid));
    expect(tethered('k6', []).args).not.toContain('taskset');
  });

  it('a tethered child dies within 2 s of its parent being SIGKILLed', async () => {
    // The parent: a node process that starts `sleep 120` tethered and prints its pid.
    const module = compiledFile('runner/process/tethered.js');
    const parent = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { spawn } from 'node:child_process';
         const { tethered } = await import(${JSON.stringify(module)});
         const t = tethered('sleep', ['120']);
         const c = spawn(t.file, t.args, { stdio: 'ignore', env: { ...process.env, ...t.env } });
         console.log(c.pid);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      parent.once('exit', (code) => reject(new Error(`parent exited ${code}`)));
    });
    try {
      await sleep(300);
      expect(running(pid)).toBe(true);
      expect(readFileSync(`/proc/${pid}/cmdline`, 'latin1')).toBe('sleep\x00120\x00');
    } finally {
      parent.kill('SIGKILL');
    }
    const deadline = Date.now() + 2000;
    while (running(pid) && Date.now() < deadline) await sleep(50);
    expect(running(pid)).toBe(false);
  });
});

describe('the sweep', () => {
  it('reads the runner tag from an environ block', () => {
    expect(runnerTagOf('A=1\0STACKBENCH_RUNNER=12-345\0B=2\0')).toBe('12-345');
    expect(runnerTagOf('A=1\0B=2\0')).toBeUndefined();
  });

  it('picks the tagged processes whose runner is gone or was replaced, never its own', () => {
    const now = (pid: number) => (pid === 10 ? '10-500' : pid === 99 ? '99-1' : undefined);
    const tagged = [
      { pid: 1001, runner: '10-500' }, // live runner
      { pid: 1002, runner: '10-499' }, // pid 10 reused since: its runner is gone
      { pid: 1003, runner: '11-500' }, // runner gone
      { pid: 1004, runner: 'garbage' }, // unreadable tag
      { pid: 99, runner: '7-1' }, // this process itself
    ];
    expect(orphansAmong(tagged, now, 99)).toEqual([1002, 1003, 1004]);
  });
});
