/** Parsing and validation helpers for CLI option values: errors name the flag, expected and got. */
import { availableParallelism } from 'node:os';
import { findStack, STACK_NAMES, type StackSpec } from '../servers/stacks.js';
import { usageError } from './exit-codes.js';

export function parseList<T extends string>(
  flag: string,
  value: string,
  allowed: readonly T[],
): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0)
    throw usageError(`${flag}: expected one or more of ${allowed.join(', ')}, got "${value}"`);
  for (const item of items) {
    if (!allowed.includes(item as T)) {
      throw usageError(`${flag}: expected one or more of ${allowed.join(', ')}, got "${item}"`);
    }
  }
  return [...new Set(items)] as T[];
}

/**
 * The stacks a `--stack` list names, checked against every known stack (a config file's
 * included), or `fallback`'s when the flag is absent (default: every known stack).
 */
export function parseStacks(
  value: string | undefined,
  fallback: readonly string[] = STACK_NAMES,
): StackSpec[] {
  const names = value ? parseList('--stack', value, STACK_NAMES) : fallback;
  return names.map((name) => {
    const stack = findStack(name);
    if (stack === undefined)
      throw usageError(`--stack: expected one of ${STACK_NAMES.join(', ')}, got "${name}"`);
    return stack;
  });
}

export function parseInteger(
  flag: string,
  value: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw usageError(`${flag}: expected an integer from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

export function parseSeconds(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw usageError(`${flag}: expected seconds from ${min} to ${max}, got "${value}"`);
  }
  return n;
}

/** A CPU list as taskset takes it: "1", "0,2", "2-3". */
export function parseCpuList(flag: string, value: string, available: number): string {
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(value)) {
    throw usageError(`${flag}: expected a CPU list such as 1 or 0,2 or 2-3, got "${value}"`);
  }
  for (const cpu of expandCpuList(value)) {
    if (cpu >= available)
      throw usageError(
        `${flag}: CPU ${cpu} does not exist (this machine has CPUs 0–${available - 1})`,
      );
  }
  return value;
}

/** Default CPU sets: the server on the last CPU, the generator (and stackbench) on the rest. */
export function defaultCpus(count: number): { server?: string; load?: string } {
  if (count < 2) return {};
  return { server: String(count - 1), load: count === 2 ? '0' : `0-${count - 2}` };
}

/** The server and load CPU sets from `--server-cpus` / `--load-cpus`, or the defaults. */
export function resolveCpus(options: { serverCpus?: string; loadCpus?: string }): {
  serverCpus?: string;
  loadCpus?: string;
} {
  const count = availableParallelism();
  const defaults = defaultCpus(count);
  return {
    serverCpus: options.serverCpus
      ? parseCpuList('--server-cpus', options.serverCpus, count)
      : defaults.server,
    loadCpus: options.loadCpus
      ? parseCpuList('--load-cpus', options.loadCpus, count)
      : defaults.load,
  };
}

export function expandCpuList(list: string): number[] {
  const cpus: number[] = [];
  for (const part of list.split(',')) {
    const [a, b] = part.split('-').map(Number);
    if (a === undefined) continue;
    for (let c = a; c <= (b ?? a); c++) cpus.push(c);
  }
  return cpus;
}

export function parseUrl(flag: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`${flag}: expected an http:// URL, got "${value}"`);
  }
  if (url.protocol !== 'http:')
    throw usageError(`${flag}: expected an http:// URL, got "${value}"`);
  return url.origin;
}
