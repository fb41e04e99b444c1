/**
 * `native` validation: Fastify's own ajv runs JSON Schemas compiled from the shared zod
 * schemas (contract/openapi.ts), so the catalog API only receives validated values.
 */
import { Ajv } from 'ajv';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';
import { jsonSchemas } from '../contract/openapi.js';
import type { ObjectSchema } from './native-errors.js';

type JsonSchema = Record<string, unknown> & ObjectSchema;

/**
 * Fastify's ajv (query string and path): it coerces text to numbers and applies defaults,
 * which is what zod's `z.coerce` does. Every problem is reported, not only the first
 * (`allErrors`): these schemas are small and flat, with no patterns or arrays to abuse.
 *
 * `strictNumbers: false`: ajv coerces the text "Infinity" to a number and then, with strict
 * numbers, skips every number keyword, so the value would pass. Without it the integer
 * bounds reject it (reported as int_parsing, like zod).
 */
export const AJV_OPTIONS: FastifyServerOptions['ajv'] = {
  customOptions: { allErrors: true, strictNumbers: false },
};

const productId = (jsonSchemas.product() as JsonSchema).properties.id ?? { type: 'integer' };

/** The route schemas `native` mode validates with. */
export const nativeSchemas = {
  body: jsonSchemas.productInput() as JsonSchema,
  querystring: jsonSchemas.listQuery() as JsonSchema,
  params: {
    type: 'object',
    properties: { id: productId },
    required: ['id'],
  } as JsonSchema,
};

/**
 * A JSON body is validated as sent: no type coercion (the string "12" is not a price), so
 * it gets its own ajv instance, as Fastify's docs do for per-part validation options.
 */
const bodyAjv = new Ajv({
  allErrors: true,
  useDefaults: true,
  coerceTypes: false,
  allowUnionTypes: true,
});

export const bodyValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema }) =>
  bodyAjv.compile(schema as JsonSchema);
