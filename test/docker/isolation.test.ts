/**
 * The docker isolation for real: the offline base image, the servers image, a pinned
 * container with host networking sampled from its cgroup, stop and removal, and the
 * removal of containers a dead run left behind. No mocks: Docker must be running.
 */
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerIsolation,
  ensureImage,
  offlineBaseTag,
  OWNER_LABEL,
  ownerOf,
  ROLE_LABEL,
} from '../../runner/isolation/docker.js';
import type { ServerHandle } from '../../runner/isolation/isolation.js';
import { PROJECT_ROOT } from '../../runner/paths.js';
import { sampleProcess } from '../../runner/sampling/proc.js';
import { send } from '../../runner/verify/http.js';
import { containersOf, dockerText, requireDocker } from './docker-env.js';

const isolation = dockerIsolation({ log: () => undefined });
let image = '';

beforeAll(async () => {
  await requireDocker();
  image = await ensureImage({ log: () => undefined });
}, 900_000);

afterAll(() => {
  // (beforeAll already failed loudly when Docker is missing.)
  const mine =
    spawnSync(
      'docker',
      ['ps', '--all', '--quiet', '--filter', `label=${OWNER_LABEL}=${ownerOf(process.pid)}`],
      {
        encoding: 'utf8',
      },
    )
      .stdout?.split('\n')
      .filter(Boolean) ?? [];
  if (mine.length > 0) spawnSync('docker', ['rm', '--force', ...mine]);
});

describe('the images', () => {
  it("builds an offline base from this host's node with docker import, no registry", () => {
    const tag = `stackbench-base-test:${process.pid}`;
    try {
      const built = spawnSync(
        'bash',
        [join(PROJECT_ROOT, 'docker', 'build-offline-base.sh'), tag],
        {
          encoding: 'utf8',
          env: { ...process.env, NODE_BIN: process.execPath, FORCE: '1' },
        },
      );
      expect(built.status, built.stderr).toBe(0);
      expect(built.stdout.trim().split('\n').at(-1)).toBe(tag);
      const run = (...args: string[]) =>
        dockerText(['run', '--rm', '--network', 'none', tag, ...args]);
      expect(run('node', '--version')).toBe(process.version);
      expect(run('node', '/usr/local/lib/node_modules/npm/bin/npm-cli.js', '--version')).toMatch(
        /^\d+\.\d+\.\d+$/,
      );
      // The image the run uses was built the same way, from the same node.
      expect(
        dockerText(['run', '--rm', '--network', 'none', offlineBaseTag(), 'node', '--version']),
      ).toBe(process.version);
    } finally {
      spawnSync('docker', ['rmi', '--force', tag]);
    }
  }, 300_000);

  it('tags the servers image by content hash, reuses it, and runs as a non-root user', async () => {
    expect(image).toMatch(/^stackbench-servers:[0-9a-f]{16}$/);
    const started = Date.now();
    expect(await ensureImage({ log: () => undefined })).toBe(image);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(dockerText(['image', 'inspect', '--format', '{{.Config.User}}', image])).toBe(
      '1000:1000',
    );
    const uid = dockerText([
      'run',
      '--rm',
      '--network',
      'none',
      image,
      '-e',
      'console.log(process.getuid())',
    ]);
    expect(uid).toBe('1000');
  });
});

describe('a trial server in a container', () => {
  let server: ServerHandle;
  let id = '';

  beforeAll(async () => {
    server = await isolation.start({ stack: 'node-http', validation: 'zod', cpus: '1' });
    id = containersOf(process.pid)[0] ?? '';
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("answers the contract's /ready and /json on loopback", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const ready = await send(server.url, { method: 'GET', path: '/ready' });
    expect(ready.status).toBe(200);
    const json = await send(server.url, { method: 'GET', path: '/json' });
    expect(json.status).toBe(200);
    expect(JSON.parse(json.text)).toEqual({ message: 'Hello, World!' });
  });

  it('is pinned to the server CPU set, memory-limited, on the host network and labelled', () => {
    expect(id).not.toBe('');
    const inspect = JSON.parse(dockerText(['inspect', id])) as {
      HostConfig: { CpusetCpus: string; Memory: number; MemorySwap: number; NetworkMode: string };
      Config: { Labels: Record<string, string> };
      State: { Running: boolean };
    }[];
    const c = inspect[0]!;
    expect(c.State.Running).toBe(true);
    expect(c.HostConfig.CpusetCpus).toBe('1');
    expect(c.HostConfig.Memory).toBe(512 * 1024 * 1024);
    expect(c.HostConfig.MemorySwap).toBe(512 * 1024 * 1024);
    expect(c.HostConfig.NetworkMode).toBe('host');
    expect(c.Config.Labels[ROLE_LABEL.split('=')[0]!]).toBe('server');
    expect(c.Config.Labels[OWNER_LABEL]).toBe(ownerOf(process.pid));
  });

  it('samples CPU time from the container cgroup, growing under load, and its memory', async () => {
    const before = server.usage()!;
    expect(before.rssBytes).toBeGreaterThan(5 * 1024 * 1024);
    expect(before.rssBytes).toBeLessThan(512 * 1024 * 1024);
    for (let batch = 0; batch < 40; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, () => send(server.url, { method: 'GET', path: '/json' })),
      );
    }
    const after = server.usage()!;
    expect(after.cpuS - before.cpuS).toBeGreaterThan(0.05);
    // The cgroup counts the same CPU time as /proc does for the container's node process.
    const pid = Number(dockerText(['inspect', '--format', '{{.State.Pid}}', id]));
    const cgroupS = server.usage()!.cpuS;
    const procS = sampleProcess(pid)!.cpuS;
    expect(Math.abs(cgroupS - procS)).toBeLessThan(0.05 + 0.05 * procS);
    expect(server.peakRssBytes()).toBeGreaterThanOrEqual(after.rssBytes * 0.5);
  });

  it('stops on SIGTERM with status 0 and is removed', async () => {
    const result = await server.stop();
    expect(result).toEqual({ code: 0, signal: null });
    expect(server.usage()).toBeUndefined();
    expect(dockerText(['ps', '--all', '--quiet', '--filter', `id=${id}`])).toBe('');
  });
});

describe('stale containers', () => {
  it("cleanup removes labelled containers of a dead run and keeps a live run's", async () => {
    // A pid that has just exited stands for a stackbench run killed with SIGKILL.
    const dead = await new Promise<number>((resolve) => {
      const child = execFile('true', () => resolve(child.pid!));
    });
    const run = (owner: string) =>
      dockerText([
        'run',
        '--detach',
        '--network',
        'none',
        '--label',
        ROLE_LABEL,
        '--label',
        `${OWNER_LABEL}=${owner}`,
        image,
        '-e',
        'setInterval(() => {}, 1000)',
      ]);
    const stale = run(`${dead}-1`);
    const alive = run(ownerOf(process.pid)!);
    try {
      await isolation.cleanup!();
      const left = dockerText([
        'ps',
        '--all',
        '--quiet',
        '--no-trunc',
        '--filter',
        `label=${ROLE_LABEL}`,
      ]);
      expect(left).not.toContain(stale);
      expect(left).toContain(alive);
    } finally {
      spawnSync('docker', ['rm', '--force', stale, alive]);
    }
  });
});
