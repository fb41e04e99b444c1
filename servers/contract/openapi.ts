/** The OpenAPI 3.1 document, generated from the same zod schemas the servers validate with. */
import * as z from 'zod';
import {
  ErrorBody,
  ListQuery,
  Product,
  ProductId,
  ProductInput,
  ValidationErrorBody,
} from './schemas.js';

type JsonSchema = Record<string, unknown>;

const schemaOf = (schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const errorResponse = (description: string, name = 'Error') => ({
  description,
  content: json(ref(name)),
});

function queryParameters(): unknown[] {
  const shape = schemaOf(ListQuery, 'input') as { properties?: Record<string, JsonSchema> };
  return Object.entries(shape.properties ?? {}).map(([name, schema]) => ({
    name,
    in: 'query',
    required: false,
    schema,
  }));
}

/** The path id, with the bounds the servers enforce (a safe integer), from the same schema. */
const idParameter = {
  name: 'id',
  in: 'path',
  required: true,
  schema: schemaOf(ProductId),
};

export function openApiDocument(): JsonSchema {
  const invalid = errorResponse('Validation error', 'ValidationError');
  return {
    openapi: '3.1.0',
    info: { title: 'Catalog API (stackbench contract v1)', version: '1.0.0' },
    paths: {
      '/json': {
        get: {
          summary: 'Framework floor: a constant JSON body',
          responses: { '200': { description: 'Hello', content: json({ type: 'object' }) } },
        },
      },
      '/health': {
        get: { summary: 'Liveness', responses: { '200': { description: 'Alive' } } },
      },
      '/ready': {
        get: {
          summary: 'Readiness: 200 once seeded',
          responses: { '200': { description: 'Ready' }, '503': { description: 'Starting' } },
        },
      },
      '/catalog/products': {
        get: {
          summary: 'List products in ascending id order',
          parameters: queryParameters(),
          responses: {
            '200': {
              description: 'A page of products',
              content: json({ type: 'array', items: ref('Product') }),
            },
            '422': invalid,
          },
        },
        post: {
          summary: 'Create a product',
          requestBody: { required: true, content: json(ref('ProductInput')) },
          responses: {
            '201': { description: 'Created', content: json(ref('Product')) },
            '413': errorResponse('Body over 64 KiB'),
            '415': errorResponse('Body is not JSON'),
            '422': invalid,
          },
        },
      },
      '/catalog/products/{id}': {
        parameters: [idParameter],
        get: {
          summary: 'Get one product',
          responses: {
            '200': { description: 'The product', content: json(ref('Product')) },
            '404': errorResponse('No such product'),
            '422': invalid,
          },
        },
        delete: {
          summary: 'Delete one product',
          responses: {
            '204': { description: 'Deleted' },
            '404': errorResponse('No such product'),
            '422': invalid,
          },
        },
      },
    },
    components: {
      schemas: {
        ProductInput: schemaOf(ProductInput, 'input'),
        Product: schemaOf(Product),
        ValidationError: schemaOf(ValidationErrorBody),
        Error: schemaOf(ErrorBody),
      },
    },
  };
}

/** JSON Schemas for a framework's own validator (Fastify's ajv in `native` mode). */
export const jsonSchemas = {
  productInput: () => schemaOf(ProductInput, 'input'),
  product: () => schemaOf(Product),
  listQuery: () => schemaOf(ListQuery, 'input'),
};
