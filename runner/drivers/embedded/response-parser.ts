/**
 * A minimal HTTP/1.1 response parser for the embedded generator: the status line, the
 * framing (content-length, chunked, or until close) and, only when asked, the body. It is
 * fed whatever the socket delivers — several responses in one packet (pipelining) or one
 * response split anywhere, even inside its header or a chunk-size line — and never copies a
 * body it was not asked to keep.
 */

const CR = 13;
const LF = 10;
const HEADER_LIMIT = 64 * 1024;

const enum State {
  Head,
  Body,
  ChunkSize,
  ChunkData,
  ChunkDataEnd,
  Trailer,
  UntilClose,
}

export interface ParsedResponse {
  status: number;
  /** The body, only when the caller asked for it (`wantBody`). */
  body?: Buffer;
  /** The server asked to close the connection after this response. */
  close: boolean;
}

export class ResponseParser {
  private state = State.Head;
  /** Bytes of a header (or chunk-size / trailer line) that arrived split. */
  private partial: Buffer | undefined;
  private remaining = 0;
  private status = 0;
  private close = false;
  private keep = false;
  private parts: Buffer[] = [];

  /**
   * @param onResponse called once per complete response, in order.
   * @param wantBody asked when a response's head is parsed: keep this response's body?
   * @param noBody asked when a head is parsed: has this response no body whatever its
   *   headers say (the answer to a HEAD request)?
   */
  constructor(
    private readonly onResponse: (response: ParsedResponse) => void,
    private readonly wantBody: () => boolean = () => false,
    private readonly noBody: () => boolean = () => false,
  ) {}

  /** True while a response has started arriving but is not complete. */
  get busy(): boolean {
    return this.state !== State.Head || this.partial !== undefined;
  }

  /** Feeds bytes; throws on a malformed response (the caller drops the connection). */
  feed(data: Buffer): void {
    let at = 0;
    const end = data.length;
    while (at < end) {
      switch (this.state) {
        case State.Head: {
          at = this.head(data, at);
          break;
        }
        case State.Body: {
          const take = Math.min(this.remaining, end - at);
          if (this.keep) this.parts.push(data.subarray(at, at + take));
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) this.finish();
          break;
        }
        case State.ChunkSize: {
          const line = this.line(data, at);
          if (line === undefined) return;
          at = line.next;
          const size = parseInt(line.text, 16);
          if (!Number.isFinite(size) || size < 0)
            throw new Error(`bad chunk size: ${JSON.stringify(line.text.slice(0, 40))}`);
          if (size === 0) this.state = State.Trailer;
          else {
            this.remaining = size;
            this.state = State.ChunkData;
          }
          break;
        }
        case State.ChunkData: {
          const take = Math.min(this.remaining, end - at);
          if (this.keep) this.parts.push(data.subarray(at, at + take));
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) {
            this.remaining = 2;
            this.state = State.ChunkDataEnd;
          }
          break;
        }
        case State.ChunkDataEnd: {
          // The CRLF after a chunk's data, possibly split.
          const take = Math.min(this.remaining, end - at);
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) this.state = State.ChunkSize;
          break;
        }
        case State.Trailer: {
          const line = this.line(data, at);
          if (line === undefined) return;
          at = line.next;
          if (line.text === '') this.finish();
          break;
        }
        case State.UntilClose: {
          if (this.keep) this.parts.push(data.subarray(at));
          at = end;
          break;
        }
      }
    }
  }

  /** The connection closed: completes a response framed by the close, if one was open. */
  end(): void {
    if (this.state === State.UntilClose) this.finish();
  }

  /** Forgets a half-parsed response (the connection was dropped). */
  reset(): void {
    this.state = State.Head;
    this.partial = undefined;
    this.parts = [];
  }

  private finish(): void {
    const body = this.keep
      ? this.parts.length === 1
        ? this.parts[0]!
        : Buffer.concat(this.parts)
      : undefined;
    this.parts = [];
    this.state = State.Head;
    this.onResponse({ status: this.status, close: this.close, ...(body && { body }) });
  }

  /** One CRLF-terminated line from `at` (joined with what arrived before), or undefined. */
  private line(data: Buffer, at: number): { text: string; next: number } | undefined {
    const lf = data.indexOf(LF, at);
    if (lf === -1) {
      this.stash(data, at, data.length);
      return undefined;
    }
    let bytes = data.subarray(at, lf);
    if (this.partial !== undefined) {
      bytes = Buffer.concat([this.partial, bytes]);
      this.partial = undefined;
    }
    const stop =
      bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
    // A chunk extension (`;name=value`) is allowed and ignored.
    const text = bytes.toString('latin1', 0, stop);
    const semi = text.indexOf(';');
    return { text: semi === -1 ? text : text.slice(0, semi), next: lf + 1 };
  }

  private stash(data: Buffer, from: number, to: number): void {
    const piece = data.subarray(from, to);
    this.partial =
      this.partial === undefined ? Buffer.from(piece) : Buffer.concat([this.partial, piece]);
    if (this.partial.length > HEADER_LIMIT)
      throw new Error(`response header longer than ${HEADER_LIMIT} bytes`);
  }

  /** Parses a head starting at `at`; returns where its body starts (or data.length if split). */
  private head(data: Buffer, at: number): number {
    let buf = data;
    let start = at;
    let searchFrom = at;
    if (this.partial !== undefined) {
      // Re-scan the last 3 stashed bytes: the blank line may straddle the packets.
      searchFrom = Math.max(0, this.partial.length - 3);
      buf = Buffer.concat([this.partial, data.subarray(at)]);
      start = 0;
    }
    const blank = buf.indexOf('\r\n\r\n', searchFrom, 'latin1');
    if (blank === -1) {
      if (this.partial === undefined) this.stash(data, at, data.length);
      else {
        this.partial = buf;
        if (buf.length > HEADER_LIMIT)
          throw new Error(`response header longer than ${HEADER_LIMIT} bytes`);
      }
      return data.length;
    }
    const headEnd = blank + 4;
    // Where the body starts in `data` (the stashed part came before `at`).
    const next = this.partial === undefined ? headEnd : at + headEnd - this.partial.length;
    this.partial = undefined;
    if (
      buf[start] !== 0x48 /* H */ ||
      buf[start + 8] !== 0x20 ||
      buf.toString('latin1', start, start + 5) !== 'HTTP/'
    )
      throw new Error(
        `not an HTTP response: ${JSON.stringify(buf.toString('latin1', start, start + 40))}`,
      );
    const status =
      (buf[start + 9]! - 48) * 100 + (buf[start + 10]! - 48) * 10 + (buf[start + 11]! - 48);
    if (!(status >= 100 && status <= 599))
      throw new Error(
        `bad status line: ${JSON.stringify(buf.toString('latin1', start, start + 40))}`,
      );
    const head = buf.toString('latin1', start, blank + 2).toLowerCase();
    this.status = status;
    this.close =
      head.includes('\nconnection: close') ||
      (buf[start + 7] === 0x30 && !head.includes('\nconnection: keep-alive'));
    if (status < 200) {
      // 1xx: an interim head; the real response follows.
      return next;
    }
    this.keep = this.wantBody();
    this.parts = [];
    if (status === 204 || status === 304 || this.noBody()) {
      this.finish();
      return next;
    }
    if (head.includes('\ntransfer-encoding: chunked')) {
      this.state = State.ChunkSize;
      return next;
    }
    const cl = head.indexOf('\ncontent-length:');
    if (cl !== -1) {
      const length = parseInt(head.slice(cl + 16, head.indexOf('\r', cl + 16)).trim(), 10);
      if (!Number.isFinite(length) || length < 0) throw new Error('bad content-length');
      if (length === 0) this.finish();
      else {
        this.remaining = length;
        this.state = State.Body;
      }
      return next;
    }
    this.close = true;
    this.state = State.UntilClose;
    return next;
  }
}
