/**
 * The catalog as a Fastify plugin (registered under `/catalog`): route schemas for the
 * responses, and in `native` mode for the input; the logic is the shared CatalogApi.
 */
import type { FastifyPluginCallback, FastifyReply, onRequestHookHandler } from 'fastify';
import type { CatalogApi, Reply } from '../contract/catalog.js';
import { isJsonContentType, UNSUPPORTED_MEDIA_TYPE } from '../contract/errors.js';
import { bodyValidatorCompiler, nativeSchemas } from './native.js';
import { responseSchemas } from './serializer.js';

export interface CatalogOptions {
  api: CatalogApi;
  /** Validate input with Fastify's ajv (`VALIDATION=native`); else the api validates or trusts it. */
  native: boolean;
}

/** Sends a CatalogApi reply; a reply without a body goes without one (and no content-type). */
export function send(reply: FastifyReply, result: Reply): void {
  reply.code(result.status).send(result.body);
}

type IdRoute = { Params: { id: string | number } };

export const catalog: FastifyPluginCallback<CatalogOptions> = (app, { api, native }, done) => {
  const idSchema = native ? { params: nativeSchemas.params } : {};

  app.get<{ Querystring: Record<string, unknown> }>(
    '/products',
    {
      schema: {
        ...(native && { querystring: nativeSchemas.querystring }),
        response: { 200: responseSchemas.products },
      },
    },
    (request, reply) => send(reply, api.list(request.query)),
  );

  app.get<IdRoute>(
    '/products/:id',
    { schema: { ...idSchema, response: { 200: responseSchemas.product } } },
    (request, reply) => send(reply, api.get(request.params.id)),
  );

  app.delete<IdRoute>('/products/:id', { schema: idSchema }, (request, reply) =>
    send(reply, api.remove(request.params.id)),
  );

  // The router would match `/products/` as an empty id; for the contract it is no route.
  app.route({
    method: ['GET', 'DELETE'],
    url: '/products/',
    handler: (_request, reply) => {
      reply.callNotFound();
    },
  });

  app.register(createProduct, { api, native });
  done();
};

/** 415 before the body is read, for any content-type but JSON (or none at all). */
const requireJson: onRequestHookHandler = (request, reply, done) => {
  if (isJsonContentType(request.headers['content-type'])) done();
  else reply.code(415).send(UNSUPPORTED_MEDIA_TYPE);
};

/** The one route with a body, so the only scope that parses JSON. */
const createProduct: FastifyPluginCallback<CatalogOptions> = (app, { api, native }, done) => {
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('remove', 'remove'),
  );

  app.post<{ Body: unknown }>(
    '/products',
    {
      onRequest: requireJson,
      schema: {
        ...(native && { body: nativeSchemas.body }),
        response: { 201: responseSchemas.product },
      },
      // Bodies are validated without type coercion (see native.ts).
      ...(native && { validatorCompiler: bodyValidatorCompiler }),
    },
    (request, reply) => send(reply, api.create(request.body)),
  );
  done();
};
