/**
 * A stack in another language through its declaration alone: a stand-in Python server (a
 * test fixture, not a stack) declared like the Python stacks, set up on first use in a
 * cached virtual environment, started by process isolation from the project root it names,
 * and stopped by SIGTERM with exit 0. The Docker isolation refuses it by its capability.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerIsolation, dockerRefuses, runArgs } from '../../runner/isolation/docker.js';
import { processIsolation } from '../../runner/isolation/process.js';
import { PROJECT_ROOT } from '../../runner/paths.js';
import { lockFile } from '../../runner/python/lock.js';
import { venvDir } from '../../runner/python/venv.js';
import { launchServer } from '../../runner/servers/launch.js';
import { send } from '../../runner/verify/http.js';
import { findStack, registerStack, STACKS } from '../../servers/stacks.js';
import { drf } from '../../servers/stacks/drf.js';
import { fastapi } from '../../servers/stacks/fastapi.js';
import { flask } from '../../servers/stacks/flask.js';
import { pythonStack } from '../../servers/stacks/python.js';

const scratch = await mkdtemp(join(tmpdir(), 'stackbench-launch-'));
const root = join(scratch, 'project');
await mkdir(join(root, 'servers', 'stand-in'), { recursive: true });
await mkdir(join(root, 'servers', 'python'), { recursive: true });
await writeFile(lockFile(root), '# the stand-in needs nothing beyond the standard library\n');
await copyFile(
  join(PROJECT_ROOT, 'test', 'fixtures', 'python-stand-in', 'main.py'),
  join(root, 'servers', 'stand-in', 'main.py'),
);
process.env.STACKBENCH_CACHE_DIR = join(scratch, 'cache');
afterAll(async () => {
  delete process.env.STACKBENCH_CACHE_DIR;
  await rm(scratch, { recursive: true, force: true });
});

registerStack(
  pythonStack({
    name: 'stand-in',
    label: 'Stand-in (test fixture)',
    validations: ['off'],
    docs: '—',
    runtime: 'threads (http.server)',
    serverConfig: 'ThreadingHTTPServer',
    busyThreads: 'all',
    packages: [],
  }),
);

describe('a Python stack through its declaration', () => {
  it('is set up on first use, started from its root in its venv, and stops with exit 0', async () => {
    const started = Date.now();
    const server = await processIsolation.start({
      stack: 'stand-in',
      validation: 'off',
      cpus: '0',
      root,
    });
    try {
      const res = await send(server.url, { method: 'GET', path: '/whoami' });
      expect(res.status).toBe(200);
      const who = JSON.parse(res.text) as { prefix: string; cwd: string; validation: string };
      expect(who).toEqual(
        expect.objectContaining({ prefix: venvDir(root), cwd: root, validation: 'off' }),
      );
      expect(server.usage()?.cpuS).toBeGreaterThan(0);
    } finally {
      const stopping = Date.now();
      expect(await server.stop()).toEqual({ code: 0, signal: null });
      expect(Date.now() - stopping).toBeLessThan(2000);
    }
    // The second start reuses the environment: no setup, far quicker than the first.
    const firstMs = Date.now() - started;
    const again = Date.now();
    const second = await launchServer({ stack: 'stand-in', validation: 'off', root });
    const secondMs = Date.now() - again;
    await second.stop();
    expect(secondMs).toBeLessThan(firstMs);
  }, 120_000);

  it('is refused by the Docker isolation, by its declared capability', () => {
    const standIn = findStack('stand-in')!;
    expect(dockerIsolation().refuses?.(standIn)).toMatch(
      /cannot run with --isolation docker: the servers image holds the Node stacks only; use --isolation process/,
    );
    expect(() =>
      runArgs({ stack: 'stand-in', validation: 'off' }, 'img', {
        memory: '1g',
        owner: '1-1',
        name: 'x',
      }),
    ).toThrow(/--isolation process/);
  });

  it('every registered stack either runs in the image or says it cannot', () => {
    for (const stack of STACKS) {
      if (stack.capabilities.docker === false) {
        expect(dockerRefuses(stack), stack.name).toBeDefined();
      } else {
        expect(dockerRefuses(stack), stack.name).toBeUndefined();
        expect(
          runArgs({ stack: stack.name, validation: stack.validations[0]! }, 'img', {
            memory: '1g',
            owner: '1-1',
            name: 'x',
          }).slice(-2),
        ).toEqual(['img', ...stack.capabilities.docker.args]);
      }
    }
    for (const stack of [fastapi, flask, drf])
      expect(dockerRefuses(stack)).toContain(`${stack.label} (${stack.name}) cannot run`);
    // The image holds the Node stacks only.
    for (const stack of STACKS)
      expect(stack.capabilities.docker === false, stack.name).toBe(stack.language !== 'node');
  });
});
