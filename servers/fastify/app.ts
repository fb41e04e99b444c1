/**
 * The catalog on Fastify 5: the catalog plugin under `/catalog`, the top-level routes, and
 * Fastify's error and not-found handlers shaped to the contract's answers (the node:http
 * reference answers the same status and body for every request).
 */
import { STATUS_CODES } from 'node:http';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { JSON_INVALID_REPLY } from '../contract/catalog.js';
import {
  allowHeader,
  BODY_LIMIT_BYTES,
  HEALTH_OK,
  HELLO,
  INTERNAL_SERVER_ERROR,
  METHOD_NOT_ALLOWED,
  NOT_FOUND,
  NOT_READY,
  PAYLOAD_TOO_LARGE,
  READY,
} from '../contract/errors.js';
import type { Location } from '../contract/problems.js';
import { validationError } from '../contract/problems.js';
import type { AppContext } from '../contract/process.js';
import { catalog, send } from './catalog.js';
import { cors } from './cors.js';
import { knownRoute } from '../contract/routes.js';
import { AJV_OPTIONS, nativeSchemas } from './native.js';
import { nativeProblems, notAnInteger, type ObjectSchema } from './native-errors.js';
import { responseSchemas, serializerCompiler } from './serializer.js';

/** Longer than any URL node:http accepts by default (16 KiB of headers): no id is cut off. */
const MAX_PARAM_LENGTH = 64 * 1024;

/** Query parameters as node:http reads them: a repeated one keeps its first value. */
function parseQuery(text: string): Record<string, string> {
  const query = Object.create(null) as Record<string, string>;
  for (const [key, value] of new URLSearchParams(text)) {
    if (!(key in query)) query[key] = value;
  }
  return query;
}

const VALIDATED_PARTS: Record<string, [Location, 'body' | 'query' | 'params', ObjectSchema]> = {
  body: ['body', 'body', nativeSchemas.body],
  querystring: ['query', 'query', nativeSchemas.querystring],
  params: ['path', 'params', nativeSchemas.params],
};

/** An id the router refuses has a malformed %-escape: it is never an integer. */
const INVALID_ID = validationError([notAnInteger('path', 'id')]);

export function buildApp(ctx: AppContext): FastifyInstance {
  const { api, store } = ctx;
  const native = ctx.config.VALIDATION === 'native';
  const { apply: applyCors, onRequest: corsHook } = cors(ctx.config.CORS_ORIGINS);

  /**
   * Requests Fastify's router does not route: 405 with `Allow` on a known path, 404
   * elsewhere; an id URL the router refuses (bad percent-encoding) still reaches the api.
   */
  function unrouted(request: FastifyRequest, reply: FastifyReply): void {
    const route = knownRoute(request.url);
    if (route === undefined) {
      reply.code(404).send(NOT_FOUND);
      return;
    }
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    if (route.id !== undefined && (method === 'GET' || method === 'DELETE')) {
      if (native) reply.code(422).send(INVALID_ID);
      else send(reply, method === 'GET' ? api.get(route.id) : api.remove(route.id));
      return;
    }
    reply.code(405).header('allow', allowHeader(route.methods)).send(METHOD_NOT_ALLOWED);
  }

  const app = Fastify({
    logger: false,
    bodyLimit: BODY_LIMIT_BYTES,
    // A `__proto__` or `constructor.prototype` key is dropped, not a 400.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    ajv: AJV_OPTIONS,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, querystringParser: parseQuery },
    // Malformed percent-encoding in the path: answered like any other unrouted request.
    frameworkErrors: (_error, request, reply) => {
      if (!applyCors(request, reply)) unrouted(request, reply);
    },
  });

  app.setSerializerCompiler(serializerCompiler);
  // Only POST /catalog/products reads a body (catalog.ts adds JSON there); everywhere else
  // a body is ignored, never a 415 or a parse error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.addHook('onRequest', corsHook);

  app.setNotFoundHandler(unrouted);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (request.is404) return unrouted(request, reply);
    const part = error.validationContext && VALIDATED_PARTS[error.validationContext];
    if (error.validation && part) {
      const [where, key, schema] = part;
      const detail = nativeProblems(error.validation, where, request[key], schema);
      return reply.code(422).send(validationError(detail));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return send(reply, JSON_INVALID_REPLY);
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send(PAYLOAD_TOO_LARGE);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ detail: STATUS_CODES[status] ?? 'Bad Request' });
    }
    return reply.code(500).send(INTERNAL_SERVER_ERROR);
  });

  app.get('/json', { schema: { response: { 200: responseSchemas.hello } } }, (_request, reply) => {
    reply.send(HELLO);
  });
  app.get('/health', (_request, reply) => {
    reply.send(HEALTH_OK);
  });
  app.get('/ready', (_request, reply) => {
    if (store.ready) reply.send(READY);
    else reply.code(503).send(NOT_READY);
  });
  app.get('/openapi.json', (_request, reply) => {
    reply.type('application/json').send(ctx.openApiJson);
  });

  app.register(catalog, { prefix: '/catalog', api, native });
  return app;
}
