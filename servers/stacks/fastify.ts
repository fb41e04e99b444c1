import { nodeStack } from './node.js';

export const fastify = nodeStack({
  name: 'fastify',
  label: 'Fastify 5',
  validations: ['zod', 'off', 'native'],
  docs: 'zod → JSON Schema, also compiled by ajv (native)',
  runtime: 'Event loop, radix router + schema serializer',
  serverConfig: 'fastify.listen, logger off, one process, keep-alive',
  packages: ['fastify', 'zod'],
});
