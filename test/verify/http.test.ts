/**
 * The verify client against a server that answers 413 on the headers and closes at once
 * (the reset that made `create: a 1 MiB body` fail at random with `write EPIPE`): the answer
 * is read every time. And a slow server that must read the body still gets it.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EARLY_ANSWER_MS, send } from '../../runner/verify/http.js';

const DETAIL = '{"detail":"Payload Too Large"}';
const ANSWER = `HTTP/1.1 413 Payload Too Large\r\ncontent-type: application/json\r\ncontent-length: ${DETAIL.length}\r\nconnection: close\r\n\r\n${DETAIL}`;

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

function listen(onSocket: (socket: Socket) => void): Promise<string> {
  server = createServer(onSocket);
  return new Promise((resolve) =>
    server!.listen(0, '127.0.0.1', () => {
      const address = server!.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    }),
  );
}

const big = {
  method: 'POST',
  path: '/catalog/products',
  headers: { 'content-type': 'application/json' },
  body: 'x'.repeat(1024 * 1024),
};

describe('send()', () => {
  it('reads a 413 sent on the headers by a server that then resets the connection, 30 times of 30', async () => {
    const base = await listen((socket) => {
      let head = '';
      socket.on('data', (chunk: Buffer) => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        socket.removeAllListeners('data');
        socket.pause(); // leaves the body unread: closing now sends a reset
        socket.write(ANSWER, () => socket.destroy());
      });
      socket.on('error', () => undefined);
    });
    const statuses: (number | string)[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push(
        await send(base, big).then(
          (r) => r.status,
          (e: Error) => e.message,
        ),
      );
    expect(statuses).toEqual(Array(30).fill(413));
  });

  it('sends a held-back body when the server waits for it, and gets the answer', async () => {
    const base = await listen((socket) => {
      let received = 0;
      socket.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received >= 1024 * 1024)
          socket.end('HTTP/1.1 201 Created\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}');
      });
      socket.on('error', () => undefined);
    });
    const started = Date.now();
    const res = await send(base, big);
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(EARLY_ANSWER_MS - 50);
  });
});
