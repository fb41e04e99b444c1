import { nodeStack } from './node.js';

export const hono = nodeStack({
  name: 'hono',
  label: 'Hono (Node adapter)',
  validations: ['zod', 'off'],
  docs: 'zod → JSON Schema (shared), served by hand',
  runtime: 'Event loop, Fetch API over @hono/node-server',
  serverConfig: '@hono/node-server serve(), one process, keep-alive',
  packages: ['hono', '@hono/node-server', 'zod'],
});
