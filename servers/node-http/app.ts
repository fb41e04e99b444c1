/**
 * The catalog on bare node:http: a hand-written router over the shared route logic. This is
 * the baseline every other stack is measured against, so it stays as lean as Node allows.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { JSON_INVALID_REPLY, type Reply } from '../contract/catalog.js';
import { corsPolicy, isAllowedOrigin } from '../contract/cors.js';
import {
  allowHeader,
  BODY_LIMIT_BYTES,
  HEALTH_OK,
  HELLO,
  INTERNAL_SERVER_ERROR,
  isJsonContentType,
  METHOD_NOT_ALLOWED,
  NOT_FOUND,
  NOT_READY,
  PAYLOAD_TOO_LARGE,
  READY,
  UNSUPPORTED_MEDIA_TYPE,
} from '../contract/errors.js';
import type { AppContext } from '../contract/process.js';

const PRODUCTS = '/catalog/products';
const PRODUCT_PREFIX = '/catalog/products/';

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const reply = (res: ServerResponse, r: Reply) => send(res, r.status, r.body);

function methodNotAllowed(res: ServerResponse, methods: readonly string[]): void {
  res.setHeader('allow', allowHeader(methods));
  send(res, 405, METHOD_NOT_ALLOWED);
}

/** Reads a JSON body within the 64 KiB limit; answers 413/415/422 itself when it cannot. */
function readJson(req: IncomingMessage, res: ServerResponse, onBody: (body: unknown) => void) {
  if (!isJsonContentType(req.headers['content-type'])) {
    send(res, 415, UNSUPPORTED_MEDIA_TYPE);
    req.resume();
    return;
  }
  const declared = Number(req.headers['content-length']);
  if (declared > BODY_LIMIT_BYTES) {
    res.setHeader('connection', 'close');
    send(res, 413, PAYLOAD_TOO_LARGE);
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let failed = false;
  req.on('data', (chunk: Buffer) => {
    if (failed) return;
    size += chunk.length;
    if (size > BODY_LIMIT_BYTES) {
      failed = true;
      res.setHeader('connection', 'close');
      send(res, 413, PAYLOAD_TOO_LARGE);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (failed) return;
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
    } catch {
      reply(res, JSON_INVALID_REPLY);
      return;
    }
    onBody(body);
  });
}

export function createApp(ctx: AppContext): RequestListener {
  const { api, store } = ctx;
  const cors = corsPolicy(ctx.config.CORS_ORIGINS);
  const corsMethods = cors.methods.join(', ');
  const corsHeaders = cors.allowedHeaders.join(', ');
  const corsMaxAge = String(cors.maxAgeSeconds);

  function route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const method = req.method === 'HEAD' ? 'GET' : req.method;

    switch (path) {
      case '/json':
        if (method === 'GET') return send(res, 200, HELLO);
        return methodNotAllowed(res, ['GET', 'HEAD']);
      case '/health':
        if (method === 'GET') return send(res, 200, HEALTH_OK);
        return methodNotAllowed(res, ['GET', 'HEAD']);
      case '/ready':
        if (method === 'GET')
          return store.ready ? send(res, 200, READY) : send(res, 503, NOT_READY);
        return methodNotAllowed(res, ['GET', 'HEAD']);
      case '/openapi.json':
        if (method === 'GET') return send(res, 200, ctx.openApiJson);
        return methodNotAllowed(res, ['GET', 'HEAD']);
      case PRODUCTS:
        if (method === 'GET') {
          return reply(res, api.list(parseQuery(q === -1 ? '' : url.slice(q + 1))));
        }
        if (method === 'POST') return readJson(req, res, (body) => reply(res, api.create(body)));
        return methodNotAllowed(res, ['GET', 'HEAD', 'POST']);
    }
    if (path.startsWith(PRODUCT_PREFIX) && path.indexOf('/', PRODUCT_PREFIX.length) === -1) {
      const id = safeDecode(path.slice(PRODUCT_PREFIX.length));
      if (id !== '') {
        if (method === 'GET') return reply(res, api.get(id));
        if (method === 'DELETE') return reply(res, api.remove(id));
        return methodNotAllowed(res, ['GET', 'HEAD', 'DELETE']);
      }
    }
    send(res, 404, NOT_FOUND);
  }

  return (req, res) => {
    const origin = req.headers.origin;
    const allowed = isAllowedOrigin(cors, origin);
    if (allowed) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    // Every OPTIONS is answered as a CORS preflight, as the frameworks' CORS middleware does.
    if (req.method === 'OPTIONS') {
      if (allowed) {
        res.setHeader('access-control-allow-methods', corsMethods);
        res.setHeader('access-control-allow-headers', corsHeaders);
        res.setHeader('access-control-max-age', corsMaxAge);
      } else {
        res.setHeader('vary', 'Origin');
      }
      return send(res, 204);
    }
    try {
      route(req, res);
    } catch {
      if (!res.headersSent) send(res, 500, INTERNAL_SERVER_ERROR);
      else res.destroy();
    }
  };
}

/** Query parameters; a repeated one keeps its first value, as the contract says. */
function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = Object.create(null) as Record<string, string>;
  if (search === '') return query;
  for (const [key, value] of new URLSearchParams(search)) {
    if (!(key in query)) query[key] = value;
  }
  return query;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
