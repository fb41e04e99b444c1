/**
 * The embedded generator's response parser, fed hand-written HTTP/1.1 responses whole, several
 * per packet, and split at every byte (inside the status line, a header, the blank line, a
 * chunk-size line, a chunk's CRLF).
 */
import { describe, expect, it } from 'vitest';
import {
  ResponseParser,
  type ParsedResponse,
} from '../../runner/drivers/embedded/response-parser.js';

const ok =
  'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}';
const chunked =
  'HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n' +
  '7;ext=1\r\n{"id":4\r\n' +
  '2\r\n2}\r\n' +
  '0\r\nX-Trailer: yes\r\n\r\n';
const noContent = 'HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n';
const teapot = "HTTP/1.1 418 I'm a teapot\r\nCONTENT-LENGTH: 3\r\nConnection: close\r\n\r\nabc";

function collect(wantBody = true, noBody = false) {
  const seen: ParsedResponse[] = [];
  const parser = new ResponseParser(
    (r) => seen.push(r),
    () => wantBody,
    () => noBody,
  );
  return { parser, seen };
}

const bodies = (seen: ParsedResponse[]) => seen.map((r) => r.body?.toString());

describe('ResponseParser', () => {
  it('parses one content-length response and its status', () => {
    const { parser, seen } = collect();
    parser.feed(Buffer.from(ok));
    expect(seen.map((r) => r.status)).toEqual([200]);
    expect(bodies(seen)).toEqual(['{"ok":true}']);
    expect(seen[0]!.close).toBe(false);
    expect(parser.busy).toBe(false);
  });

  it('parses several responses in one packet (pipelining), in order', () => {
    const { parser, seen } = collect();
    parser.feed(Buffer.from(ok + chunked + noContent + teapot));
    expect(seen.map((r) => r.status)).toEqual([200, 201, 204, 418]);
    expect(bodies(seen)).toEqual(['{"ok":true}', '{"id":42}', '', 'abc']);
    expect(seen.map((r) => r.close)).toEqual([false, false, false, true]);
  });

  it('gives the same answers fed one byte at a time', () => {
    const { parser, seen } = collect();
    for (const byte of Buffer.from(ok + chunked + noContent + teapot)) parser.feed(Buffer.of(byte));
    expect(seen.map((r) => r.status)).toEqual([200, 201, 204, 418]);
    expect(bodies(seen)).toEqual(['{"ok":true}', '{"id":42}', '', 'abc']);
  });

  it('gives the same answers split in two at every position', () => {
    const all = Buffer.from(chunked + ok + chunked);
    for (let cut = 1; cut < all.length; cut++) {
      const { parser, seen } = collect();
      parser.feed(all.subarray(0, cut));
      parser.feed(all.subarray(cut));
      expect(
        seen.map((r) => r.status),
        `cut at ${cut}`,
      ).toEqual([201, 200, 201]);
      expect(bodies(seen), `cut at ${cut}`).toEqual(['{"id":42}', '{"ok":true}', '{"id":42}']);
    }
  });

  it('does not keep bodies it was not asked for', () => {
    const { parser, seen } = collect(false);
    parser.feed(Buffer.from(ok + chunked));
    expect(seen.map((r) => r.status)).toEqual([200, 201]);
    expect(bodies(seen)).toEqual([undefined, undefined]);
  });

  it('reports a response as busy until its last byte arrives', () => {
    const { parser, seen } = collect();
    parser.feed(Buffer.from(ok.slice(0, 20)));
    expect(parser.busy).toBe(true);
    parser.feed(Buffer.from(ok.slice(20, -1)));
    expect(seen).toEqual([]);
    parser.feed(Buffer.from(ok.slice(-1)));
    expect(seen).toHaveLength(1);
    expect(parser.busy).toBe(false);
  });

  it('skips an interim 100 Continue', () => {
    const { parser, seen } = collect();
    parser.feed(Buffer.from(`HTTP/1.1 100 Continue\r\n\r\n${ok}`));
    expect(seen.map((r) => r.status)).toEqual([200]);
  });

  it('ignores the content-length of the answer to a HEAD', () => {
    const { parser, seen } = collect(false, true);
    parser.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n'));
    parser.feed(Buffer.from('HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n'));
    expect(seen.map((r) => r.status)).toEqual([200, 404]);
  });

  it('reads a body without framing until the connection closes', () => {
    const { parser, seen } = collect();
    parser.feed(Buffer.from('HTTP/1.0 200 OK\r\n\r\nhello '));
    parser.feed(Buffer.from('world'));
    expect(seen).toEqual([]);
    parser.end();
    expect(bodies(seen)).toEqual(['hello world']);
    expect(seen[0]!.close).toBe(true);
  });

  it('throws on what is not an HTTP response, and starts clean after reset', () => {
    const { parser, seen } = collect();
    expect(() => parser.feed(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toThrow(/not an HTTP/);
    expect(() => collect().parser.feed(Buffer.from('HTTP/1.1 2x0 OK\r\n\r\n'))).toThrow(
      /bad status/,
    );
    expect(() =>
      collect().parser.feed(
        Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'),
      ),
    ).toThrow(/chunk size/);
    parser.reset();
    parser.feed(Buffer.from(ok));
    expect(seen.map((r) => r.status)).toEqual([200]);
  });
});
