/** A tiny HTTP client for contract checks: exact control of method, headers and raw body. */
import { request as httpRequest } from 'node:http';
import { BODY_LIMIT_BYTES } from '../../servers/contract/errors.js';

export interface HttpRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * How long a request whose declared Content-Length is over the body limit waits, after its
 * headers, for the server to answer before it sends the body.
 */
export const EARLY_ANSWER_MS = 1000;

/**
 * Sends one request on a fresh connection and resolves with the whole answer.
 *
 * A body over the 64 KiB limit with a declared Content-Length is held back: the headers go
 * first, and the body follows only if the server has not answered within `EARLY_ANSWER_MS`
 * (RFC 9110 lets a client wait so; a server that enforces the limit on the header answers
 * 413 at once). A server that answers 413 and closes while the client is still writing
 * resets the connection, and whether the client reads the answer before its next write
 * fails with EPIPE is a race that no client can win every time: not writing is the only
 * sure way. Once an answer is read, later write or reset errors are not failures.
 */
export function send(base: string, req: HttpRequest, timeoutMs = 10_000): Promise<HttpResponse> {
  const url = new URL(req.path, base);
  const chunked = req.headers?.['transfer-encoding'] !== undefined;
  const length = req.body === undefined ? 0 : Buffer.byteLength(req.body);
  const holdBody = req.body !== undefined && !chunked && length > BODY_LIMIT_BYTES;
  return new Promise((resolve, reject) => {
    let answered = false;
    const r = httpRequest(
      url,
      {
        method: req.method,
        headers: {
          connection: 'close',
          ...(req.body === undefined || chunked ? {} : { 'content-length': length }),
          ...req.headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
          // The body may be unsent (held back): this connection is done either way.
          r.destroy();
        });
        res.on('error', (error) => {
          if (!res.complete) reject(error);
        });
      },
    );
    r.on('timeout', () => r.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    r.on('error', (error: NodeJS.ErrnoException) => {
      // A server may answer 413 and close before it has read a large body: that is an answer,
      // and the write error that follows it is not.
      if (!answered) reject(error);
    });
    if (req.body === undefined) {
      r.end();
    } else if (holdBody) {
      r.flushHeaders();
      const body = req.body;
      const timer = setTimeout(() => {
        if (!answered && !r.destroyed) r.end(body);
      }, EARLY_ANSWER_MS);
      r.once('close', () => clearTimeout(timer));
    } else {
      // One corked write: headers, body and (chunked) terminator leave together.
      r.end(req.body);
    }
  });
}
