/** A tiny HTTP client for contract checks: exact control of method, headers and raw body. */
import { request as httpRequest } from 'node:http';

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

export function send(base: string, req: HttpRequest, timeoutMs = 10_000): Promise<HttpResponse> {
  const url = new URL(req.path, base);
  return new Promise((resolve, reject) => {
    let answered = false;
    const r = httpRequest(
      url,
      {
        method: req.method,
        headers: {
          connection: 'close',
          ...(req.body === undefined || req.headers?.['transfer-encoding'] !== undefined
            ? {}
            : { 'content-length': Buffer.byteLength(req.body) }),
          ...req.headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    r.on('timeout', () => r.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    r.on('error', (error: NodeJS.ErrnoException) => {
      // A server may answer 413 and close before it has read a large body: that is an answer,
      // and the write error that follows it is not.
      if (!answered) reject(error);
    });
    if (req.body !== undefined) r.write(req.body);
    r.end();
  });
}
