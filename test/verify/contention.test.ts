/**
 * verify must not flake: the full contract checks against a fresh node:http server (the
 * stack and mode whose 1 MiB check failed at random with `write EPIPE`), 50 times in a row,
 * while a busy loop keeps the other CPU fully used. The server shares that busy CPU and the
 * client runs on the other, so their timing varies as under a run, where the 413-then-reset
 * race showed. Any failure fails the test, naming the round and the check. One stack and
 * mode keeps it near a minute on two cores.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tethered } from '../../runner/process/tethered.js';
import { launchServer } from '../../runner/servers/launch.js';
import { runChecks } from '../../runner/verify/run-checks.js';

const ROUNDS = 50;
let busy: ReturnType<typeof spawn> | undefined;

beforeAll(() => {
  const t = tethered(process.execPath, ['-e', 'for (;;) {}'], { cpus: '1' });
  busy = spawn(t.file, t.args, { stdio: 'ignore', env: { ...process.env, ...t.env } });
});
afterAll(() => {
  busy?.kill('SIGKILL');
});

describe('verify under CPU contention', () => {
  it(`passes ${ROUNDS} full verifies in a row while the other CPU is busy`, async () => {
    expect(busy?.pid).toBeGreaterThan(0);
    const failures: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const server = await launchServer({ stack: 'node-http', validation: 'zod', cpus: '1' });
      try {
        const run = await runChecks(server.url, 'zod');
        expect(busy?.exitCode).toBeNull(); // the contention lasted
        for (const o of run.outcomes.filter((x) => !x.ok))
          failures.push(
            `round ${round}: ${o.name}: ${o.failure?.request}: ${o.failure?.problems.join('; ')}`,
          );
      } finally {
        await server.stop();
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
