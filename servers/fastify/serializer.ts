/**
 * Response serialisation: fast-json-stringify compiled from the route's response schema,
 * Fastify's own fast path. With `VALIDATION=off` a product can hold whatever a client sent:
 * fast-json-stringify converts what it can to the schema's types (a price "12" is sent as
 * 12) and throws on the rest (a price "x"); such a response falls back to `JSON.stringify`
 * rather than becoming a 500.
 */
import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { jsonSchemas } from '../contract/openapi.js';

export const serializerCompiler: FastifySerializerCompiler<unknown> = ({ schema }) => {
  const serialize = fastJson(schema as fastJson.Schema);
  return (data: unknown) => {
    try {
      return serialize(data);
    } catch {
      return JSON.stringify(data);
    }
  };
};

/**
 * The Product response schema. No `required`: with `VALIDATION=off` a product may lack
 * fields, which are then left out (as `JSON.stringify` would).
 */
function productSchema(): Record<string, unknown> {
  const schema = jsonSchemas.product();
  delete schema.required;
  return schema;
}

export const responseSchemas = {
  product: productSchema(),
  products: { type: 'array', items: productSchema() },
  hello: { type: 'object', properties: { message: { type: 'string' } } },
};
