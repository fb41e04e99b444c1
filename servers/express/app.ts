/**
 * The catalog on Express 5: the shared route logic behind Express's router, with the `cors`
 * middleware, `express.json` on the create route only, and error-handling middleware that
 * turns body-parser's errors into the contract's replies.
 */
import cors from 'cors';
import express, {
  type ErrorRequestHandler,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { type CatalogApi, JSON_INVALID_REPLY, type Reply } from '../contract/catalog.js';
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
  ROUTES,
  UNSUPPORTED_MEDIA_TYPE,
} from '../contract/errors.js';
import type { AppContext } from '../contract/process.js';

/** Sends a shared `Reply`: JSON when it has a body, nothing at all (no content-type) when not. */
function send(res: Response, { status, body }: Reply): void {
  if (body === undefined) res.status(status).end();
  else res.status(status).json(body);
}

/** The last handler of a known route: 405 with the methods `ROUTES` gives that route. */
function methodNotAllowed(path: (typeof ROUTES)[number]['path']): RequestHandler {
  const route = ROUTES.find((r) => r.path === path);
  if (route === undefined) throw new Error(`no route ${path} in the contract`);
  const allow = allowHeader(route.methods);
  return (_req, res) => {
    res.set('allow', allow).status(405).json(METHOD_NOT_ALLOWED);
  };
}

/** 415 unless the request says it is JSON; checked before the body is read at all. */
const requireJson: RequestHandler = (req, res, next) => {
  if (isJsonContentType(req.headers['content-type'])) next();
  else res.status(415).json(UNSUPPORTED_MEDIA_TYPE);
};

/** A body the contract rejects as JSON although body-parser would accept it. */
const jsonDecodeError = () =>
  Object.assign(new SyntaxError('JSON decode error'), { type: 'entity.parse.failed' });

const parseJson = express.json({
  limit: BODY_LIMIT_BYTES,
  // Any JSON value reaches the shared logic, so `"x"`, `[]` or `null` get its 422.
  strict: false,
  // Content-Encoding is not part of the contract (node-http does not decode it either).
  inflate: false,
  // requireJson has already checked the media type.
  type: () => true,
  // body-parser reads an empty body as `{}` and skips a byte-order mark; JSON.parse, the
  // contract's rule, rejects both.
  verify: (_req, _res, buf) => {
    if (buf.length === 0 || buf[0] === 0xef) throw jsonDecodeError();
  },
});

/** The `/catalog` router: strict and case-sensitive, like the app's own. */
function catalogRouter(api: CatalogApi): Router {
  const catalog = express.Router({ strict: true, caseSensitive: true });

  catalog
    .route('/products')
    .get((req, res) => send(res, api.list(req.query)))
    // No body at all leaves req.body undefined: that is no JSON either.
    .post(requireJson, parseJson, (req, res) =>
      send(res, req.body === undefined ? JSON_INVALID_REPLY : api.create(req.body)),
    )
    .all(methodNotAllowed('/catalog/products'));

  const productNotAllowed = methodNotAllowed('/catalog/products/:id');
  catalog
    .route('/products/:id')
    .get((req, res) => send(res, api.get(req.params.id)))
    .delete((req, res) => send(res, api.remove(req.params.id)))
    .all(productNotAllowed);

  // Express rejects an id that is not valid percent-encoding (a URIError) before any route
  // runs; the contract hands it on undecoded, so it is answered like any other bad id.
  const undecodableId: ErrorRequestHandler = (err, req, res, next) => {
    if (!(err instanceof URIError)) return next(err);
    const id = req.path.slice('/products/'.length);
    if (req.method === 'GET' || req.method === 'HEAD') send(res, api.get(id));
    else if (req.method === 'DELETE') send(res, api.remove(id));
    else productNotAllowed(req, res, next);
  };
  catalog.use(undecodableId);

  return catalog;
}

/** The contract's CORS policy through the `cors` middleware (every OPTIONS is a preflight). */
function corsMiddleware(origins: readonly string[]): RequestHandler {
  const policy = corsPolicy(origins);
  return cors({
    origin: [...policy.origins],
    methods: policy.methods.join(', '),
    allowedHeaders: policy.allowedHeaders.join(', '),
    maxAge: policy.maxAgeSeconds,
  });
}

/** body-parser's errors as the contract's replies; anything else is a 500 without details. */
function errorReply(err: unknown): Reply {
  switch ((err as { type?: unknown } | null)?.type) {
    case 'entity.too.large':
      return { status: 413, body: PAYLOAD_TOO_LARGE };
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return { status: 415, body: UNSUPPORTED_MEDIA_TYPE };
    // The body could not be read whole or parsed: no JSON, as node-http would find.
    case 'entity.parse.failed':
    case 'request.size.invalid':
    case 'request.aborted':
      return JSON_INVALID_REPLY;
    default:
      return { status: 500, body: INTERNAL_SERVER_ERROR };
  }
}

/** Replaces Express's default error handler, which sends HTML with a stack trace. */
const onError: ErrorRequestHandler = (err, _req, res, _next) => {
  if (res.headersSent) res.destroy();
  else send(res, errorReply(err));
};

export function createApp(ctx: AppContext): express.Express {
  const { api, store } = ctx;
  const app = express();
  app.disable('x-powered-by');
  // No ETags and no 304s: Express would answer conditional requests (even `If-None-Match: *`
  // without any ETag) with 304, which no other stack does.
  app.set('etag', false);
  Object.defineProperty(app.request, 'fresh', { get: () => false });
  app.enable('strict routing');
  app.enable('case sensitive routing');

  // CORS only concerns requests that carry an Origin (and preflights), as in every stack.
  const corsHandler = corsMiddleware(ctx.config.CORS_ORIGINS);
  app.use((req, res, next) => {
    if (req.method === 'OPTIONS' || req.headers.origin !== undefined) corsHandler(req, res, next);
    else next();
  });

  app
    .route('/json')
    .get((_req, res) => res.json(HELLO))
    .all(methodNotAllowed('/json'));
  app
    .route('/health')
    .get((_req, res) => res.json(HEALTH_OK))
    .all(methodNotAllowed('/health'));
  app
    .route('/ready')
    .get((_req, res) => (store.ready ? res.json(READY) : res.status(503).json(NOT_READY)))
    .all(methodNotAllowed('/ready'));
  app
    .route('/openapi.json')
    .get((_req, res) => res.type('application/json').send(ctx.openApiJson))
    .all(methodNotAllowed('/openapi.json'));

  app.use('/catalog', catalogRouter(api));

  app.use((_req, res) => {
    res.status(404).json(NOT_FOUND);
  });
  app.use(onError);
  return app;
}
