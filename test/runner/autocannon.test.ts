/**
 * The autocannon driver against real servers: latency really has microsecond resolution,
 * statuses and errors are counted, and the generator's CPU is measured.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocannonDriver } from '../../runner/drivers/autocannon.js';
import { probe } from '../drivers/servers.js';

/** Busy-waits `us` microseconds: a server whose every response costs a known time. */
function spin(us: number) {
  const end = process.hrtime.bigint() + BigInt(us * 1000);
  while (process.hrtime.bigint() < end);
}

let server: Server;
let url: string;
let served = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    served++;
    if (req.url === '/slow') spin(700);
    const status = req.url === '/teapot' && served % 2 === 0 ? 418 : 200;
    res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const job = (path: string, expect: number[]) => ({
  url,
  scenario: probe(path, expect),
  connections: 1,
  pipelining: 1,
  warmupS: 0,
  durationS: 1,
  timeoutS: 5,
  seed: 1,
});

describe('autocannon driver', () => {
  it('records latency in microseconds, not whole milliseconds', async () => {
    let measuring = false;
    const result = await autocannonDriver.run(job('/slow', [200]), {
      onMeasureStart: () => (measuring = true),
    });
    expect(measuring).toBe(true);
    expect(result.requests).toBeGreaterThan(100);
    // One connection to a server that spins 700 µs per request: every latency is above that,
    // and far below a millisecond-rounded floor of 1 000 µs × several.
    expect(result.latencyUs.p50).toBeGreaterThanOrEqual(700);
    expect(result.latencyUs.p50).toBeLessThan(5000);
    const values = [
      result.latencyUs.p50,
      result.latencyUs.p90,
      result.latencyUs.p99,
      result.latencyUs.mean,
    ];
    expect(values.some((v) => v % 1000 !== 0)).toBe(true);
    expect(result.latencyUs.p50).toBeLessThanOrEqual(result.latencyUs.p99);
    expect(result.latencyUs.p99).toBeLessThanOrEqual(result.latencyUs.max);
  });

  it('counts every status, not just 2xx, and measures its own CPU', async () => {
    const result = await autocannonDriver.run(job('/teapot', [200]));
    expect(result.statusCounts['200']).toBeGreaterThan(10);
    expect(result.statusCounts['418']).toBeGreaterThan(10);
    expect(result.statusCounts['200']! + result.statusCounts['418']!).toBe(result.requests);
    expect(result.generatorCpuS).toBeGreaterThan(0.05);
    expect(result.generatorCpuS).toBeLessThan(result.durationS * 1.5);
    expect(result.errors).toBe(0);
  });

  it('counts socket errors against a port nobody listens on', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const result = await autocannonDriver.run({
      ...job('/', [200]),
      url: `http://127.0.0.1:${port}`,
      durationS: 0.5,
    });
    expect(result.requests).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
  });
});
