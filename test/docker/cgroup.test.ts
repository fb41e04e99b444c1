/** The cgroup parsers on fixed text: v1 (cgroupfs driver), v2 (systemd driver), hybrid. */
import { describe, expect, it } from 'vitest';
import {
  parseCgroupMounts,
  parseFlatKeyed,
  parseProcCgroup,
  parseSingleValue,
  resolveCgroupDirs,
  workingSetBytes,
} from '../../runner/sampling/cgroup.js';

const ID = '05161a882db625bed15ab17d79ee54da186abbd7ae4ad7b075be029a1b4a5d28';

// A hybrid host (this project's CI): v1 controllers, an empty v2 tree at /sys/fs/cgroup/unified.
const HYBRID_MOUNTINFO = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`;
const HYBRID_PROC = `9:name=systemd:/docker/${ID}
4:memory:/docker/${ID}
2:cpuacct:/docker/${ID}
1:cpu:/docker/${ID}
0::/docker/${ID}
`;

// A pure v2 host with the systemd cgroup driver.
const V2_MOUNTINFO = `24 30 0:22 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
`;
const V2_PROC = `0::/system.slice/docker-${ID}.scope\n`;

// Classic v1 with combined cpu,cpuacct controllers.
const V1_MOUNTINFO = `30 25 0:26 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid - cgroup cgroup rw,cpu,cpuacct
33 25 0:29 / /sys/fs/cgroup/memory rw,nosuid - cgroup cgroup rw,memory
`;
const V1_PROC = `5:memory:/docker/${ID}\n3:cpu,cpuacct:/docker/${ID}\n`;

describe('cgroup parsing', () => {
  it('reads /proc/<pid>/cgroup lines, the v2 line having no controllers', () => {
    expect(parseProcCgroup(V1_PROC)).toEqual([
      { controllers: ['memory'], path: `/docker/${ID}` },
      { controllers: ['cpu', 'cpuacct'], path: `/docker/${ID}` },
    ]);
    expect(parseProcCgroup(V2_PROC)).toEqual([
      { controllers: [], path: `/system.slice/docker-${ID}.scope` },
    ]);
    expect(() => parseProcCgroup('nonsense')).toThrow(/unexpected/);
  });

  it('finds the cgroup mounts and their controllers in mountinfo, ignoring other filesystems', () => {
    const mounts = parseCgroupMounts(HYBRID_MOUNTINFO);
    expect(mounts.map((m) => [m.version, m.mountPoint])).toEqual([
      [1, '/sys/fs/cgroup/cpu'],
      [1, '/sys/fs/cgroup/cpuacct'],
      [1, '/sys/fs/cgroup/memory'],
      [1, '/sys/fs/cgroup/systemd'],
      [2, '/sys/fs/cgroup/unified'],
    ]);
    expect(mounts[1]!.controllers).toContain('cpuacct');
  });

  it('prefers the v1 cpuacct and memory controllers on a hybrid host', () => {
    expect(resolveCgroupDirs(HYBRID_PROC, HYBRID_MOUNTINFO)).toEqual({
      version: 1,
      cpuacctDir: `/sys/fs/cgroup/cpuacct/docker/${ID}`,
      memoryDir: `/sys/fs/cgroup/memory/docker/${ID}`,
    });
  });

  it('handles combined cpu,cpuacct mounts', () => {
    expect(resolveCgroupDirs(V1_PROC, V1_MOUNTINFO)).toEqual({
      version: 1,
      cpuacctDir: `/sys/fs/cgroup/cpu,cpuacct/docker/${ID}`,
      memoryDir: `/sys/fs/cgroup/memory/docker/${ID}`,
    });
  });

  it('uses the unified tree on a v2 host (systemd driver scope)', () => {
    expect(resolveCgroupDirs(V2_PROC, V2_MOUNTINFO)).toEqual({
      version: 2,
      dir: `/sys/fs/cgroup/system.slice/docker-${ID}.scope`,
    });
  });

  it('maps a path through a mount that shows the tree from a sub-root (cgroup namespaces)', () => {
    const mountinfo = '24 30 0:22 /ci /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n';
    expect(resolveCgroupDirs('0::/ci/docker/abc\n', mountinfo)).toEqual({
      version: 2,
      dir: '/sys/fs/cgroup/docker/abc',
    });
  });

  it('says so when no mount holds the process', () => {
    expect(() => resolveCgroupDirs(V2_PROC, HYBRID_MOUNTINFO.split('\n')[0]!)).toThrow(/no cgroup/);
  });

  it('reads cpu.stat and memory.stat keys, and single values', () => {
    const cpuStat = 'usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\nnr_periods 0\n';
    expect(parseFlatKeyed(cpuStat).get('usage_usec')).toBe(1234567);
    expect(parseSingleValue('201191530\n')).toBe(201191530);
    expect(() => parseSingleValue('max\n')).toThrow(/expected a number, got "max"/);
  });

  it('counts the working set as docker stats does: usage minus inactive page cache', () => {
    const v1 = parseFlatKeyed('cache 24576\nrss 18780160\ntotal_inactive_file 4096\n');
    expect(workingSetBytes(20_434_944, v1)).toBe(20_434_944 - 4096);
    const v2 = parseFlatKeyed('anon 18780160\nfile 24576\ninactive_file 8192\n');
    expect(workingSetBytes(20_000_000, v2)).toBe(20_000_000 - 8192);
    expect(workingSetBytes(100, parseFlatKeyed('inactive_file 500'))).toBe(0);
  });
});
