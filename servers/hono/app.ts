/**
 * The catalog on Hono: the shared route logic behind Hono's router, its own middleware
 * (`hono/cors`, `hono/body-limit`) and its `notFound` / `onError` hooks.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import { JSON_INVALID_REPLY, type Reply } from '../contract/catalog.js';
import { corsPolicy } from '../contract/cors.js';
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
import { knownRoute } from '../contract/routes.js';

/** Sends a shared `Reply`: JSON when it has a body, nothing at all (no content-type) when not. */
const reply = (c: Context, r: Reply) =>
  r.body === undefined
    ? c.body(null, r.status as StatusCode)
    : c.json(r.body, r.status as ContentfulStatusCode);

/** 415 unless the request says it is JSON; checked before the body is read at all. */
const requireJson: MiddlewareHandler = async (c, next) => {
  if (!isJsonContentType(c.req.header('content-type'))) {
    return c.json(UNSUPPORTED_MEDIA_TYPE, 415);
  }
  await next();
};

const tooLarge = (c: Context) => c.json(PAYLOAD_TOO_LARGE, 413, { Connection: 'close' });

/** Counts a body that declares no length (chunked) as it streams in. */
const limitStreamedBody = bodyLimit({
  maxSize: BODY_LIMIT_BYTES,
  // The rest of an oversized body is never read, so the connection cannot be reused.
  onError: tooLarge,
});

/**
 * 413 for a body over the limit. A declared Content-Length is checked through `c.req.header`:
 * hono/body-limit reads `c.req.raw`, which makes @hono/node-server build a full Web Request
 * for every POST (measured here: create-product went from 28 to 131 µs of CPU per request).
 */
const limitBody: MiddlewareHandler = (c, next) => {
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
    return Number(length) > BODY_LIMIT_BYTES ? Promise.resolve(tooLarge(c)) : next();
  }
  return limitStreamedBody(c, next);
};

/** The `/catalog` sub-app. */
function catalogRoutes({ api }: AppContext): Hono {
  const catalog = new Hono();

  catalog.get('/products', (c) => reply(c, api.list(c.req.query())));

  catalog.post('/products', requireJson, limitBody, async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return reply(c, JSON_INVALID_REPLY);
    }
    return reply(c, api.create(body));
  });

  catalog.get('/products/:id', (c) => reply(c, api.get(c.req.param('id'))));
  catalog.delete('/products/:id', (c) => reply(c, api.remove(c.req.param('id'))));

  return catalog;
}

export function createApp(ctx: AppContext): Hono {
  const { store } = ctx;
  const policy = corsPolicy(ctx.config.CORS_ORIGINS);
  const app = new Hono();

  const corsMiddleware = cors({
    origin: [...policy.origins],
    allowMethods: [...policy.methods],
    allowHeaders: [...policy.allowedHeaders],
    maxAge: policy.maxAgeSeconds,
  });
  // CORS only concerns requests that carry an Origin (and preflights), as in every stack.
  // Running hono/cors on all requests would touch every response's headers after the
  // handler, forcing @hono/node-server off its lightweight-Response path: measured here,
  // GET /json went from 21 to 88 µs of CPU per request.
  app.use((c, next) =>
    c.req.method === 'OPTIONS' || c.req.header('origin') !== undefined
      ? corsMiddleware(c, next)
      : next(),
  );

  app.get('/json', (c) => c.json(HELLO));
  app.get('/health', (c) => c.json(HEALTH_OK));
  app.get('/ready', (c) => (store.ready ? c.json(READY) : c.json(NOT_READY, 503)));
  app.get('/openapi.json', (c) =>
    c.body(ctx.openApiJson, 200, { 'Content-Type': 'application/json' }),
  );
  app.route('/catalog', catalogRoutes(ctx));

  // A known path asked with another method reaches notFound too: answer 405 there, rather
  // than with catch-all routes that would run on every request of that path.
  app.notFound((c) => {
    const route = knownRoute(c.req.path);
    return route === undefined
      ? c.json(NOT_FOUND, 404)
      : c.json(METHOD_NOT_ALLOWED, 405, { Allow: allowHeader(route.methods) });
  });
  app.onError((_err, c) => c.json(INTERNAL_SERVER_ERROR, 500));

  return app;
}
