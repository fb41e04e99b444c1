/** The stacks stackbench knows: where each server's compiled entry lives and what it offers. */
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidationMode } from './contract/schemas.js';

export interface StackInfo {
  name: string;
  label: string;
  /** npm package whose version the manifest records (undefined: Node itself). */
  framework?: string;
  validations: readonly ValidationMode[];
  /** How the stack gets its OpenAPI document (the guide's "Docs Generation" column). */
  docs: string;
  /** The guide's "Async Runtime" column. */
  runtime: string;
}

/**
 * The stack every ratio is taken against, and the one calibrations and verify compare with
 * (defined beside the results schema, which reports read too).
 */
import { BASELINE_STACK } from '../shared/results/cells.js';

export { BASELINE_STACK };

export const STACKS = [
  {
    name: BASELINE_STACK,
    label: 'node:http',
    validations: ['zod', 'off'],
    docs: 'zod → JSON Schema (shared), served by hand',
    runtime: 'Event loop, bare node:http',
  },
  {
    name: 'express',
    label: 'Express 5',
    framework: 'express',
    validations: ['zod', 'off'],
    docs: 'zod → JSON Schema (shared), no built-in generator',
    runtime: 'Event loop, middleware chain',
  },
  {
    name: 'fastify',
    label: 'Fastify 5',
    framework: 'fastify',
    validations: ['zod', 'off', 'native'],
    docs: 'zod → JSON Schema, also compiled by ajv (native)',
    runtime: 'Event loop, radix router + schema serializer',
  },
  {
    name: 'hono',
    label: 'Hono (Node adapter)',
    framework: 'hono',
    validations: ['zod', 'off'],
    docs: 'zod → JSON Schema (shared), served by hand',
    runtime: 'Event loop, Fetch API over @hono/node-server',
  },
] as const satisfies readonly StackInfo[];

export type StackName = (typeof STACKS)[number]['name'];
export const STACK_NAMES = STACKS.map((s) => s.name) as readonly StackName[];

export function findStack(name: string): StackInfo | undefined {
  return STACKS.find((s) => s.name === name);
}

/** The compiled `servers/` folder, whether this module runs compiled or from source (tests). */
const compiledServers = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  return basename(dirname(here)) === 'dist' ? here : join(dirname(here), 'dist', 'servers');
})();

/** Absolute path of a stack's compiled entry point (`dist/servers/<stack>/main.js`). */
export function stackEntry(name: string): string {
  return join(compiledServers, name, 'main.js');
}
