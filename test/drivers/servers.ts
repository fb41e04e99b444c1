/** Small loopback servers for the driver tests: known statuses, known delays, a stall. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseScenario } from '../../runner/scenarios/load.js';

export interface TestServer extends LoopbackServer {
  /** Requests served so far, by path. */
  served: Map<string, number>;
  /** Bodies POSTed to /catalog/products, by the id answered; ids DELETEd. */
  created: Map<number, string>;
  deleted: number[];
}

/**
 * `/ok` answers 200, `/teapot` answers 418 on every other request, `/fail` 500 on every third,
 * `/sleep/<ms>` waits that long (without blocking) then answers 200.
 */
export async function startTestServer(): Promise<TestServer> {
  const served = new Map<string, number>();
  const created = new Map<number, string>();
  const deleted: number[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (req.method === 'POST' && path === '/catalog/products') {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const id = created.size + 1;
        created.set(id, body);
        res
          .writeHead(201, { 'content-type': 'application/json' })
          .end(JSON.stringify({ id, sku: 'x', title: 'y' }));
      });
      return;
    }
    const del = /^\/catalog\/products\/(\d+)$/.exec(path);
    if (req.method === 'DELETE' && del?.[1] !== undefined) {
      deleted.push(Number(del[1]));
      res.writeHead(204).end();
      return;
    }
    const n = (served.get(path) ?? 0) + 1;
    served.set(path, n);
    const sleep = /^\/sleep\/(\d+)$/.exec(path);
    const answer = (status: number) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (sleep?.[1] !== undefined) setTimeout(() => answer(200), Number(sleep[1]));
    else if (path === '/teapot') answer(n % 2 === 0 ? 418 : 200);
    else if (path === '/fail') answer(n % 3 === 0 ? 500 : 200);
    else answer(200);
  });
  return { ...(await listenOnLoopback(server)), served, created, deleted };
}

/**
 * A server that stops the world for 200 ms once a second (as a GC pause would): requests that
 * arrive during the pause are answered when it ends.
 */
export async function startStallingServer(): Promise<LoopbackServer> {
  let pausedUntil = 0;
  let nextPause = Date.now() + 300;
  const server: Server = createServer((_req, res) => {
    const now = Date.now();
    if (now >= nextPause) {
      pausedUntil = now + 200;
      nextPause = now + 1000;
    }
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    if (now < pausedUntil) setTimeout(answer, pausedUntil - now);
    else answer();
  });
  return listenOnLoopback(server);
}

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on 127.0.0.1, port 0, keeping connections alive; `close` drops them all. */
async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A one-step GET scenario. */
export const probe = (path: string, expect: number[]) =>
  parseScenario(
    'probe.json',
    JSON.stringify({
      name: 'probe',
      description: 'test probe',
      sequence: [{ name: 'p', method: 'GET', path, expect }],
    }),
  );

/** A port nobody listens on (for socket errors). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Checks what a driver sent for scenarios/create-product.json: every body is the JSON that
 * render.ts would build (types, ranges, the title built from the same sku), and every DELETE
 * names an id a create answered, once.
 */
export function checkCreateProduct(server: TestServer): void {
  const skus = new Set<string>();
  for (const body of server.created.values()) {
    const p = JSON.parse(body) as Record<string, unknown>;
    if (Object.keys(p).join() !== 'sku,title,unit_price,inventory_count,category')
      throw new Error(`unexpected fields: ${body}`);
    if (typeof p.sku !== 'string' || !/^SB-\d+-\d+$/.test(p.sku)) throw new Error(`sku: ${body}`);
    if (skus.has(p.sku)) throw new Error(`sku repeated: ${p.sku}`);
    skus.add(p.sku);
    if (p.title !== `Load test item ${p.sku}`) throw new Error(`title: ${body}`);
    const price = p.unit_price;
    if (
      typeof price !== 'number' ||
      price < 0.5 ||
      price > 999 ||
      !/^\d+(\.\d{1,2})?$/.test(String(price))
    )
      throw new Error(`unit_price: ${body}`);
    const stock = p.inventory_count;
    if (!Number.isInteger(stock) || (stock as number) < 0 || (stock as number) > 5000)
      throw new Error(`inventory_count: ${body}`);
    if (typeof p.category !== 'string' || !/^c\d$/.test(p.category))
      throw new Error(`category: ${body}`);
  }
  const seen = new Set<number>();
  for (const id of server.deleted) {
    if (!server.created.has(id)) throw new Error(`DELETE of an id never created: ${id}`);
    if (seen.has(id)) throw new Error(`id deleted twice: ${id}`);
    seen.add(id);
  }
}
