/**
 * What the session refuses before anything runs, through the compiled CLI: a capability the
 * driver or isolation does not declare is a usage error (exit 2) naming the flag. Nothing is
 * started: every case fails before the first server.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stackbench } from '../cli.js';

describe('capabilities, checked once by the session', () => {
  it('run: --rate needs a driver with the open model', async () => {
    const { code, stderr } = await stackbench(['run', '--rate', '100', '--driver', 'wrk']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /--rate needs a driver with the open model; --driver wrk has none \(drivers with it: k6, embedded\)/,
    );
  });

  it('capacity: any driver with the open model, and a clear refusal for one without', async () => {
    const { code, stderr } = await stackbench([
      'capacity',
      '--slo',
      'p99<1s',
      '--driver',
      'autocannon',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /capacity needs a driver with the open model; --driver autocannon has none/,
    );
  });

  it("ab: an isolation that cannot run another checkout's servers is refused", async () => {
    const { code, stderr } = await stackbench(['ab', '--base', 'HEAD', '--isolation', 'docker']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /ab needs an isolation that runs another checkout's servers; --isolation docker cannot/,
    );
  });

  it('an unknown --isolation names the known ones, in every measuring command', async () => {
    for (const args of [
      ['run'],
      ['drivers'],
      ['capacity', '--slo', 'p99<1s'],
      ['ab', '--base', 'HEAD'],
    ]) {
      const { code, stderr } = await stackbench([...args, '--isolation', 'vm']);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(/--isolation: expected one of process, docker, got "vm"/);
    }
  });

  it('--resume refuses a flag that would change the run, --timeout included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sb-resume-'));
    const { code, stderr } = await stackbench(['run', '--resume', dir, '--timeout', '2']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--timeout cannot be combined with --resume/);
  });
});
