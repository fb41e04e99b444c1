/** `--poll`: auto polls on a virtual machine only; on/off as asked; bad values named. */
import { describe, expect, it } from 'vitest';
import { parseLoadFlags, resolvePoll } from '../../runner/run/load-flags.js';
import { underHypervisor } from '../../runner/system/hypervisor.js';

const fallback = { durationS: 1, warmupS: 1, connections: 8 };

describe('--poll', () => {
  it('auto follows the machine; on and off do not', () => {
    expect(resolvePoll(undefined, () => true)).toBe(true);
    expect(resolvePoll('auto', () => false)).toBe(false);
    expect(resolvePoll('on', () => false)).toBe(true);
    expect(resolvePoll('off', () => true)).toBe(false);
  });

  it('names the flag, the values it takes and what it got', () => {
    expect(() => resolvePoll('yes', () => true)).toThrow(
      '--poll: expected one of auto, on, off, got "yes"',
    );
  });

  it('refuses on for a driver that cannot poll, and leaves it off for one under auto', () => {
    expect(() => parseLoadFlags({ poll: 'on', driver: 'wrk' }, fallback)).toThrow(
      /--poll on: --driver wrk cannot poll \(drivers that can: embedded\)/,
    );
    expect(parseLoadFlags({ poll: 'auto', driver: 'wrk' }, fallback).poll).toBe(false);
    expect(parseLoadFlags({ poll: 'on' }, fallback).poll).toBe(true);
    expect(parseLoadFlags({ poll: 'off' }, fallback).poll).toBe(false);
  });
});

describe('underHypervisor', () => {
  const flags = (list: string) => `processor\t: 0\nflags\t\t: ${list}\nbugs\t\t: none\n`;
  it('reads the hypervisor CPU flag, else /sys/hypervisor', () => {
    expect(
      underHypervisor(
        () => flags('fpu vme sse2 hypervisor lahf_lm'),
        () => false,
      ),
    ).toBe(true);
    expect(
      underHypervisor(
        () => flags('fpu vme sse2 lahf_lm'),
        () => false,
      ),
    ).toBe(false);
    // A word that merely contains it is not the flag.
    expect(
      underHypervisor(
        () => flags('fpu hypervisor_x'),
        () => false,
      ),
    ).toBe(false);
    expect(
      underHypervisor(
        () => flags('fpu'),
        () => true,
      ),
    ).toBe(true);
    expect(
      underHypervisor(
        () => {
          throw new Error('no /proc');
        },
        () => false,
      ),
    ).toBe(false);
  });
});
