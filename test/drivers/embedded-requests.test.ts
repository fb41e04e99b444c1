/**
 * The embedded generator's request bytes, and what the bare autocannon CLI can run: checked
 * against hand-written HTTP/1.1 requests and the shipped scenarios.
 */
import { describe, expect, it } from 'vitest';
import { cliRefusal } from '../../runner/drivers/autocannon-cli.js';
import { prepareSteps, POOL_SIZE } from '../../runner/drivers/embedded/requests.js';
import { loadScenarios } from '../../runner/scenarios/load.js';
import { createRng } from '../../runner/stats/random.js';
import type { ConnectionState } from '../../runner/scenarios/render.js';
import { probe } from './servers.js';

const state = (connection: number): ConnectionState => ({
  rng: createRng(connection),
  connection,
  counter: 0,
  saved: {},
});
const text = (bytes: Buffer | string) => bytes.toString();

describe('prepareSteps', () => {
  it('writes a fixed request once, byte for byte', async () => {
    const json = (await loadScenarios()).get('json')!;
    const [step] = prepareSteps(json.scenario, '127.0.0.1:8080', state(1));
    expect(step!.kind).toBe('fixed');
    expect(text(step!.next(state(2)))).toBe('GET /json HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n');
    expect(step!.next(state(2))).toBe(step!.next(state(3)));
  });

  it('draws random-only steps from a pool of varied requests in range', async () => {
    const get = (await loadScenarios()).get('get-product')!;
    const [step] = prepareSteps(get.scenario, 'h:1', state(1));
    expect(step!.kind).toBe('pool');
    const ids = Array.from({ length: POOL_SIZE }, () => {
      const m = /^GET \/catalog\/products\/(\d+) HTTP\/1\.1\r\nHost: h:1\r\n\r\n$/.exec(
        text(step!.next(state(1))),
      );
      expect(m).not.toBeNull();
      return Number(m![1]);
    });
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ids)).toBeLessThanOrEqual(1000);
    expect(new Set(ids).size).toBeGreaterThan(400);
    // The pool cycles: request POOL_SIZE + 1 is request 1 again.
    expect(text(step!.next(state(1)))).toBe(
      `GET /catalog/products/${ids[0]} HTTP/1.1\r\nHost: h:1\r\n\r\n`,
    );
  });

  it('renders sequences and saved fields per request, from the connection’s own state', async () => {
    const create = (await loadScenarios()).get('create-product')!;
    const [post, del] = prepareSteps(create.scenario, 'h:1', state(0));
    expect(post!.kind).toBe('live');
    expect(post!.save).toBe('created');
    expect(del!.kind).toBe('live');
    const conn = state(3);
    const first = text(post!.next(conn));
    const second = text(post!.next(conn));
    const body = first.slice(first.indexOf('\r\n\r\n') + 4);
    expect(first).toMatch(
      /^POST \/catalog\/products HTTP\/1\.1\r\nHost: h:1\r\ncontent-type: application\/json\r\n/,
    );
    expect(first).toContain(`\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    expect(JSON.parse(body)).toMatchObject({ sku: 'SB-3-1', title: 'Load test item SB-3-1' });
    expect(second).toContain('"sku":"SB-3-2"');
    conn.saved.created = { id: 77 };
    expect(text(del!.next(conn))).toBe('DELETE /catalog/products/77 HTTP/1.1\r\nHost: h:1\r\n\r\n');
  });
});

describe('autocannon-cli scope', () => {
  it('runs a single fixed request and refuses anything else, saying why', async () => {
    const all = await loadScenarios();
    expect(cliRefusal({ scenario: all.get('json')! })).toBeUndefined();
    expect(cliRefusal({ scenario: probe('/ok', [200]) })).toBeUndefined();
    expect(cliRefusal({ scenario: all.get('get-product')! })).toMatch(
      /one fixed request: scenario get-product uses \{id\}/,
    );
    expect(cliRefusal({ scenario: all.get('create-product')! })).toMatch(/has 2 steps/);
    expect(cliRefusal({ scenario: all.get('json')!, rate: 100 })).toMatch(/closed-model/);
  });
});
