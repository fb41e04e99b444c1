/** The OS connection limits: parsing /proc and refusing counts the OS cannot open, with the fix. */
import { describe, expect, it } from 'vitest';
import {
  assertConnectionsFit,
  connectionLimitProblem,
  FD_RESERVE,
  parsePortRange,
  parseProcLimits,
  readOsLimits,
} from '../../runner/system/limits.js';
import { CliError, EXIT } from '../../runner/exit-codes.js';

const PROC_LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('parsing', () => {
  it.each([
    { text: PROC_LIMITS, expected: { soft: 1024, hard: 524288 } },
    {
      text: 'Max open files            unlimited            unlimited            files\n',
      expected: { soft: Infinity, hard: Infinity },
    },
    { text: 'Max processes 10 10 processes\n', expected: undefined },
  ])('parseProcLimits %#', ({ text, expected }) => {
    expect(parseProcLimits(text)).toEqual(expected);
  });

  it.each([
    { text: '32768\t60999\n', expected: { low: 32768, high: 60999 } },
    { text: '1024 65535', expected: { low: 1024, high: 65535 } },
    { text: '60999 32768', expected: undefined },
    { text: 'garbage', expected: undefined },
  ])('parsePortRange "$text"', ({ text, expected }) => {
    expect(parsePortRange(text)).toEqual(expected);
  });

  it('reads both files through the injected reader; unreadable files leave the limit unknown', async () => {
    const files: Record<string, string> = {
      '/proc/self/limits': PROC_LIMITS,
      '/proc/sys/net/ipv4/ip_local_port_range': '40000 40999\n',
    };
    const read = (path: string) =>
      files[path] === undefined
        ? Promise.reject(new Error('ENOENT'))
        : Promise.resolve(files[path]);
    expect(await readOsLimits(read)).toEqual({
      openFiles: { soft: 1024, hard: 524288 },
      ephemeralPorts: { low: 40000, high: 40999 },
    });
    expect(await readOsLimits(() => Promise.reject(new Error('ENOENT')))).toEqual({});
  });

  it('reads this process (stackbench needs Linux)', async () => {
    const limits = await readOsLimits();
    expect(limits.openFiles!.soft).toBeGreaterThan(0);
    expect(limits.ephemeralPorts!.high).toBeGreaterThan(limits.ephemeralPorts!.low);
  });
});

describe('connectionLimitProblem', () => {
  const limits = {
    openFiles: { soft: 1024, hard: 4096 },
    ephemeralPorts: { low: 32768, high: 60999 },
  };

  it('accepts counts that fit, and anything when the limits are unknown', () => {
    expect(connectionLimitProblem('--connections', 1024 - FD_RESERVE, limits)).toBeUndefined();
    expect(connectionLimitProblem('--connections', 1_000_000, {})).toBeUndefined();
  });

  it('names the flag, the open-files limit and ulimit -n when the soft limit is short', () => {
    const message = connectionLimitProblem('--connections', 2000, limits)!;
    expect(message).toMatch(/^--connections: 2000 connections need about 2064 open files/);
    expect(message).toContain('may open 1024');
    expect(message).toContain('"ulimit -n 2064"');
    expect(message).toContain('or ask for fewer connections');
  });

  it('says to raise the hard limit when the soft one cannot reach the need', () => {
    const message = connectionLimitProblem('--connections', 5000, limits)!;
    expect(message).toContain('raise the hard limit to at least 5064');
    expect(message).toContain('limits.conf');
  });

  it('names the ephemeral port range and the sysctl that widens it', () => {
    const message = connectionLimitProblem('--connections', 30_000, {
      openFiles: { soft: Infinity, hard: Infinity },
      ephemeralPorts: { low: 32768, high: 60999 },
    })!;
    expect(message).toContain('ip_local_port_range 32768–60999) holds 28232');
    expect(message).toContain('sysctl -w');
    expect(message).not.toContain('open files');
  });

  it('assertConnectionsFit throws a usage error (exit code 2) for the largest count', async () => {
    const error = await assertConnectionsFit('--connections', [1, 8, 2000], limits).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT.USAGE);
    expect((error as CliError).message).toContain('2000 connections');
    await expect(
      assertConnectionsFit('--connections', [1, 8, 512], limits),
    ).resolves.toBeUndefined();
  });
});
