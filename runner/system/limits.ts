/**
 * The operating system's limits on connections, checked before any load is sent: a connection
 * count the OS cannot open would otherwise fail mid-trial as EMFILE or EADDRNOTAVAIL errors.
 * - Open files: every connection is a socket, a file descriptor in the load generator and in
 *   the server. Node raises its soft RLIMIT_NOFILE to the hard limit at start-up and children
 *   (servers, wrk, k6) inherit it, so the limit that counts is the one /proc/self/limits
 *   shows inside stackbench.
 * - Ephemeral ports: every connection to the (one) server address needs its own local port
 *   from net.ipv4.ip_local_port_range.
 * Parsing is pure; reading takes an injectable file reader.
 */
import { readFile } from 'node:fs/promises';
import { usageError } from '../exit-codes.js';

/** Descriptors a process holds besides its connections (stdio, the runtime, pipes, logs). */
export const FD_RESERVE = 64;

export interface OsLimits {
  /** RLIMIT_NOFILE of this process (`Infinity` for unlimited); undefined when unknown. */
  openFiles?: { soft: number; hard: number };
  /** Local ports an outgoing connection can take; undefined when unknown (not Linux). */
  ephemeralPorts?: { low: number; high: number };
}

const limitValue = (text: string) => (text === 'unlimited' ? Infinity : Number(text));

/** The "Max open files" line of /proc/<pid>/limits. */
export function parseProcLimits(text: string): OsLimits['openFiles'] {
  const m = /^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m.exec(text);
  if (m === null) return undefined;
  return { soft: limitValue(m[1]!), hard: limitValue(m[2]!) };
}

/** /proc/sys/net/ipv4/ip_local_port_range: two numbers, low and high. */
export function parsePortRange(text: string): OsLimits['ephemeralPorts'] {
  const m = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (m === null) return undefined;
  const low = Number(m[1]);
  const high = Number(m[2]);
  return low <= high ? { low, high } : undefined;
}

/** This process's limits; a file that cannot be read leaves its limit unknown (not checked). */
export async function readOsLimits(
  read: (path: string) => Promise<string> = (path) => readFile(path, 'utf8'),
): Promise<OsLimits> {
  const attempt = async (path: string) => {
    try {
      return await read(path);
    } catch {
      return undefined;
    }
  };
  const limits = await attempt('/proc/self/limits');
  const ports = await attempt('/proc/sys/net/ipv4/ip_local_port_range');
  const openFiles = limits === undefined ? undefined : parseProcLimits(limits);
  const ephemeralPorts = ports === undefined ? undefined : parsePortRange(ports);
  return {
    ...(openFiles !== undefined && { openFiles }),
    ...(ephemeralPorts !== undefined && { ephemeralPorts }),
  };
}

/**
 * Why `connections` cannot be opened under `limits`, as a usage message naming the flag, the
 * limit and how to raise it; undefined when they fit (or the limits are unknown).
 */
export function connectionLimitProblem(
  flag: string,
  connections: number,
  limits: OsLimits,
): string | undefined {
  const problems: string[] = [];
  const files = limits.openFiles;
  const needed = connections + FD_RESERVE;
  if (files !== undefined && needed > files.soft) {
    const raise =
      needed <= files.hard
        ? `start stackbench from a shell with "ulimit -n ${needed}" (the hard limit allows ${files.hard})`
        : `raise the hard limit to at least ${needed} ("ulimit -Hn ${needed}" as root, nofile in /etc/security/limits.conf, LimitNOFILE= for a systemd service, --ulimit nofile= for docker), then "ulimit -n ${needed}"`;
    problems.push(
      `${connections} connections need about ${needed} open files (one socket each, plus ${FD_RESERVE} for the process), but this process may open ${files.soft} (open-files limit, ulimit -n); ${raise}`,
    );
  }
  const ports = limits.ephemeralPorts;
  if (ports !== undefined) {
    const available = ports.high - ports.low + 1;
    if (connections > available)
      problems.push(
        `${connections} connections to one server need as many local ports, but the ephemeral port range (net.ipv4.ip_local_port_range ${ports.low}–${ports.high}) holds ${available}; widen it with "sudo sysctl -w net.ipv4.ip_local_port_range='1024 65535'"`,
      );
  }
  if (problems.length === 0) return undefined;
  return `${flag}: ${problems.join('; ')}; or ask for fewer connections`;
}

/**
 * Refuses (a usage error, exit code 2) connection counts this machine cannot open; the largest
 * of `counts` is checked. `limits` defaults to this process's.
 */
export async function assertConnectionsFit(
  flag: string,
  counts: readonly number[],
  limits?: OsLimits,
): Promise<void> {
  if (counts.length === 0) return;
  const problem = connectionLimitProblem(
    flag,
    Math.max(...counts),
    limits ?? (await readOsLimits()),
  );
  if (problem !== undefined) throw usageError(problem);
}
