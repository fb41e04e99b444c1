/** serve, verify and list through the compiled CLI, against real servers. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { CLI, stackbench } from '../cli.js';
import { send } from '../../runner/verify/http.js';

const cli = CLI;

describe('stackbench serve', () => {
  it('starts a stack in the foreground on a free port and exits 0 on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [cli, 'serve', 'hono', '--port', '0', '--validation', 'off'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (m?.[1]) resolve(m[1]);
      });
      child.on('exit', () => reject(new Error('serve exited early')));
    });
    expect(url).not.toMatch(/:0$/);
    const res = await send(url, { method: 'GET', path: '/json' });
    expect(res.status).toBe(200);
    child.kill('SIGTERM');
    expect(await new Promise((r) => child.on('exit', (code) => r(code)))).toBe(0);
  });

  it('names the stacks it knows when given another', async () => {
    const { code, stderr } = await stackbench(['serve', 'koa']);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /<stack>: expected one of node-http, express, fastify, hono, fastapi, flask, drf, got "koa"/,
    );
    const native = await stackbench(['serve', 'express', '--validation', 'native']);
    expect(native.code).toBe(2);
    expect(native.stderr).toMatch(/express supports zod, off, got "native"/);
  });
});

describe('stackbench verify', () => {
  it('shows every stack green in every validation mode', async () => {
    const { code, stdout } = await stackbench(['verify']);
    expect(code, stdout).toBe(0);
    const rows = stdout.split('\n').filter((l) => /│ (zod|off|native) /.test(l));
    expect(rows).toHaveLength(15); // 4 Node stacks × zod/off + fastify native + 3 Python × native/off
    for (const row of rows) expect(row).toMatch(/pass/);
  }, 180_000);

  it('checks a server someone else runs (--target)', async () => {
    const child = spawn(process.execPath, [cli, 'serve', 'node-http', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((resolve) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = /^listening on (\S+)$/.exec(line);
        if (m?.[1]) resolve(m[1]);
      });
    });
    try {
      const { code, stdout } = await stackbench(['verify', '--target', url]);
      expect(code, stdout).toBe(0);
      expect(stdout).toMatch(/target .*zod .*pass/);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('stackbench list', () => {
  it('lists stacks, scenarios and profiles as JSON', async () => {
    const { code, stdout } = await stackbench(['list', '--json']);
    expect(code).toBe(0);
    const data = JSON.parse(stdout) as {
      stacks: { name: string }[];
      scenarios: { name: string }[];
      profiles: Record<string, unknown>;
    };
    expect(data.stacks.map((s) => s.name)).toEqual([
      'node-http',
      'express',
      'fastify',
      'hono',
      'fastapi',
      'flask',
      'drf',
    ]);
    expect(data.scenarios).toHaveLength(6);
    expect(Object.keys(data.profiles)).toEqual(['quick', 'thorough', 'guide']);
  });
});
