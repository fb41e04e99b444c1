/**
 * The server process contract, per stack in the registry (any language): SIGTERM exits 0
 * within 2 s even with a client connected; a burst of concurrent mixed requests ends with no
 * 5xx and the process alive; a bad environment is refused with a message that names the
 * variable.
 */
import { Agent, request } from 'node:http';
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { STACKS } from '../../servers/stacks.js';
import { launchCommand, launchServer } from '../../runner/servers/launch.js';

function hit(
  agent: Agent,
  url: string,
  method: string,
  path: string,
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      {
        agent,
        method,
        headers:
          body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const MIX: [string, string, string?][] = [
  ['GET', '/catalog/products?category=c2&page=3&page_size=7'],
  ['GET', '/catalog/products/17'],
  ['POST', '/catalog/products', '{"sku":"BURST-1","title":"b","unit_price":3}'],
  ['POST', '/catalog/products', '{"sku":1}'],
  ['POST', '/catalog/products', '{"sku":'],
  ['DELETE', '/catalog/products/999999'],
  ['GET', '/catalog/products/abc'],
  ['PUT', '/json'],
  ['GET', '/nope'],
];

const only = process.env.CONTRACT_STACKS?.split(',');

for (const stack of STACKS.filter(
  (s) => s.capabilities.catalog && (only === undefined || only.includes(s.name)),
)) {
  const validation = stack.validations[0]!;
  describe(`${stack.name} process (validation ${validation})`, () => {
    it('exits 0 within 2 s of SIGTERM while a keep-alive client is connected', async () => {
      const server = await launchServer({ stack: stack.name, validation });
      const agent = new Agent({ keepAlive: true });
      expect(await hit(agent, server.url, 'GET', '/json')).toBe(200);
      const started = Date.now();
      const result = await server.stop(5000);
      agent.destroy();
      expect(result).toEqual({ code: 0, signal: null });
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('answers a burst of 450 concurrent mixed requests with no 5xx and stays up', async () => {
      const server = await launchServer({ stack: stack.name, validation });
      const agent = new Agent({ keepAlive: true, maxSockets: 64 });
      try {
        const statuses = await Promise.all(
          Array.from({ length: 450 }, (_, i) => {
            const [method, path, body] = MIX[i % MIX.length]!;
            return hit(agent, server.url, method, path, body);
          }),
        );
        expect(statuses.filter((s) => s >= 500)).toEqual([]);
        expect(new Set(statuses)).toEqual(new Set([200, 201, 404, 405, 422]));
        expect(await hit(agent, server.url, 'GET', '/health')).toBe(200);
      } finally {
        agent.destroy();
        await server.stop();
      }
    });
  });
}

describe('server environment', () => {
  const run = async (env: Record<string, string>) => {
    const command = await launchCommand({ stack: 'node-http' });
    return new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        command.file,
        [...command.args],
        { cwd: command.cwd, env: { ...process.env, ...env } },
        (error, _out, stderr) =>
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr }),
      );
    });
  };

  it('refuses a validation mode the stack does not have, naming it', async () => {
    const { code, stderr } = await run({ VALIDATION: 'native', PORT: '0' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/node-http does not support VALIDATION=native/);
  });

  it('names each bad variable with what it got', async () => {
    const { code, stderr } = await run({ PORT: 'eighty', SEED_PRODUCTS: '-1' });
    expect(code).toBe(2);
    expect(stderr).toMatch(/PORT: .*got "eighty"/);
    expect(stderr).toMatch(/SEED_PRODUCTS: .*got "-1"/);
  });
});
