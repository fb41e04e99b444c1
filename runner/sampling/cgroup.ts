/**
 * Resource sampling from a control group (a container's): CPU time and memory of every
 * process in it. Works on cgroup v2 (`cpu.stat` usage_usec, `memory.current`, `memory.peak`)
 * and on v1 / hybrid hosts (`cpuacct.usage` in ns, `memory.usage_in_bytes`,
 * `memory.max_usage_in_bytes`). The cgroup is found from `/proc/<pid>/cgroup` and the
 * cgroup mounts in `/proc/self/mountinfo`, so it does not depend on docker's cgroup
 * driver (cgroupfs `/docker/<id>` or systemd `system.slice/docker-<id>.scope`).
 * The parsers are pure and tested on fixed text.
 */
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** Where a cgroup's accounting files are. */
export type CgroupDirs =
  { version: 2; dir: string } | { version: 1; cpuacctDir: string; memoryDir: string };

/** A line of /proc/<pid>/cgroup: `hierarchy-id:controller,list:/path`. */
export interface ProcCgroupLine {
  controllers: string[];
  path: string;
}

export function parseProcCgroup(text: string): ProcCgroupLine[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const first = line.indexOf(':');
      const second = line.indexOf(':', first + 1);
      if (first < 0 || second < 0) throw new Error(`unexpected /proc/<pid>/cgroup line: ${line}`);
      const list = line.slice(first + 1, second);
      return { controllers: list === '' ? [] : list.split(','), path: line.slice(second + 1) };
    });
}

/** A cgroup filesystem mount: where it is mounted, which part of the tree it shows, and its controllers. */
export interface CgroupMount {
  version: 1 | 2;
  mountPoint: string;
  root: string;
  controllers: string[];
}

/** The cgroup mounts in the text of /proc/self/mountinfo. */
export function parseCgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const fields = left.split(' ');
    const [fsType, , superOptions = ''] = right.split(' ');
    const root = fields[3];
    const mountPoint = fields[4];
    if (root === undefined || mountPoint === undefined) continue;
    if (fsType === 'cgroup2') mounts.push({ version: 2, mountPoint, root, controllers: [] });
    else if (fsType === 'cgroup') {
      const options = superOptions.split(',');
      mounts.push({ version: 1, mountPoint, root, controllers: options });
    }
  }
  return mounts;
}

/** A cgroup path as seen under a mount that shows the tree from `root`. */
function under(mount: CgroupMount, path: string): string {
  const relative = posix.relative(mount.root, path);
  const inside = relative === '' || !relative.startsWith('..');
  return join(mount.mountPoint, inside ? relative : path);
}

/**
 * The accounting directories of a process's cgroup. v1 controllers win where they are
 * mounted (on a hybrid host the v2 tree has no cpu or memory controller); otherwise v2.
 */
export function resolveCgroupDirs(procCgroup: string, mountinfo: string): CgroupDirs {
  const lines = parseProcCgroup(procCgroup);
  const mounts = parseCgroupMounts(mountinfo);
  const v1 = (controller: string) => {
    const line = lines.find((l) => l.controllers.includes(controller));
    const mount = mounts.find((m) => m.version === 1 && m.controllers.includes(controller));
    return line && mount && under(mount, line.path);
  };
  const cpuacctDir = v1('cpuacct');
  const memoryDir = v1('memory');
  if (cpuacctDir !== undefined && memoryDir !== undefined)
    return { version: 1, cpuacctDir, memoryDir };
  const unified = lines.find((l) => l.controllers.length === 0);
  const mount = mounts.find((m) => m.version === 2);
  if (unified !== undefined && mount !== undefined)
    return { version: 2, dir: under(mount, unified.path) };
  throw new Error('no cgroup v1 cpuacct+memory or cgroup v2 mount holds this process');
}

/** `key value` lines (cpu.stat, memory.stat) as numbers. */
export function parseFlatKeyed(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) values.set(key, Number(value));
  }
  return values;
}

/** One non-negative integer (cpuacct.usage, memory.current, …). */
export function parseSingleValue(text: string): number {
  const value = text.trim();
  if (!/^\d+$/.test(value)) throw new Error(`expected a number, got "${value.slice(0, 40)}"`);
  return Number(value);
}

/**
 * Memory in use the way `docker stats` counts it: charged memory minus inactive page cache
 * (cache the kernel can drop at once without the workload noticing).
 */
export function workingSetBytes(usageBytes: number, memoryStat: Map<string, number>): number {
  const inactiveFile =
    memoryStat.get('inactive_file') ?? memoryStat.get('total_inactive_file') ?? 0;
  return Math.max(0, usageBytes - inactiveFile);
}

export interface CgroupSample {
  /** CPU seconds used by every process in the cgroup since it was created (ns or µs resolution). */
  cpuS: number;
  /** Working set: charged memory minus inactive page cache. */
  rssBytes: number;
  /** The kernel's high-water mark of charged memory (page cache included); undefined where the kernel keeps none. */
  peakBytes: number | undefined;
}

const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

function readOptional(dir: string, file: string): string | undefined {
  try {
    return read(dir, file);
  } catch {
    return undefined;
  }
}

/** Reads a cgroup's CPU time and memory now; undefined once the cgroup is gone. */
export function sampleCgroup(dirs: CgroupDirs): CgroupSample | undefined {
  try {
    if (dirs.version === 2) {
      const usageUs = parseFlatKeyed(read(dirs.dir, 'cpu.stat')).get('usage_usec');
      if (usageUs === undefined) throw new Error('cpu.stat has no usage_usec');
      const current = parseSingleValue(read(dirs.dir, 'memory.current'));
      const peak = readOptional(dirs.dir, 'memory.peak');
      return {
        cpuS: usageUs / 1e6,
        rssBytes: workingSetBytes(current, parseFlatKeyed(read(dirs.dir, 'memory.stat'))),
        peakBytes: peak === undefined ? undefined : parseSingleValue(peak),
      };
    }
    const usageNs = parseSingleValue(read(dirs.cpuacctDir, 'cpuacct.usage'));
    const current = parseSingleValue(read(dirs.memoryDir, 'memory.usage_in_bytes'));
    const peak = readOptional(dirs.memoryDir, 'memory.max_usage_in_bytes');
    return {
      cpuS: usageNs / 1e9,
      rssBytes: workingSetBytes(current, parseFlatKeyed(read(dirs.memoryDir, 'memory.stat'))),
      peakBytes: peak === undefined ? undefined : parseSingleValue(peak),
    };
  } catch {
    return undefined;
  }
}

/** The cgroup of a live process (its host pid), from /proc. */
export function cgroupOfPid(pid: number): CgroupDirs {
  return resolveCgroupDirs(
    readFileSync(`/proc/${pid}/cgroup`, 'utf8'),
    readFileSync('/proc/self/mountinfo', 'utf8'),
  );
}
