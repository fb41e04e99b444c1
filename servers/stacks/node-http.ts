import { nodeStack } from './node.js';

export const nodeHttp = nodeStack({
  name: 'node-http',
  label: 'node:http',
  validations: ['zod', 'off'],
  docs: 'zod → JSON Schema (shared), served by hand',
  runtime: 'Event loop, bare node:http',
  serverConfig: 'node:http createServer, one process, keep-alive',
  packages: ['zod'],
});
