import { nodeStack } from './node.js';

export const express = nodeStack({
  name: 'express',
  label: 'Express 5',
  validations: ['zod', 'off'],
  docs: 'zod → JSON Schema (shared), no built-in generator',
  runtime: 'Event loop, middleware chain',
  serverConfig: 'app.listen (node:http), one process, keep-alive',
  packages: ['express', 'zod'],
});
