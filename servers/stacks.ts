/**
 * The stacks stackbench knows, baseline first: one declaration each in `servers/stacks/`
 * (see `spec.ts` for what a declaration holds), one line each here.
 */
import { drf } from './stacks/drf.js';
import { express } from './stacks/express.js';
import { fastapi } from './stacks/fastapi.js';
import { fastify } from './stacks/fastify.js';
import { flask } from './stacks/flask.js';
import { hono } from './stacks/hono.js';
import { nodeHttp } from './stacks/node-http.js';
import type { StackSpec } from './stacks/spec.js';

export type { AssignedPortStartup, LaunchCommand, StackSetup, StackSpec } from './stacks/spec.js';
export type StackInfo = StackSpec;

/**
 * The stack every ratio is taken against, and the one calibrations and verify compare with
 * (defined beside the results schema, which reports read too).
 */
import { BASELINE_STACK } from '../shared/results/cells.js';

export { BASELINE_STACK };

const registry: StackSpec[] = [nodeHttp, express, fastify, hono, fastapi, flask, drf];

/** Every known stack (a live list: `registerStack` adds to it). */
export const STACKS: readonly StackSpec[] = registry;
export const STACK_NAMES: readonly string[] = registry.map((s) => s.name);
const names = STACK_NAMES as string[];

export function findStack(name: string): StackSpec | undefined {
  return registry.find((s) => s.name === name);
}

/** Adds a stack declared outside this folder (a user's own, a test fixture). */
export function registerStack(spec: StackSpec): void {
  if (findStack(spec.name) !== undefined) throw new Error(`stack "${spec.name}" already exists`);
  registry.push(spec);
  names.push(spec.name);
}

/** The setups the known stacks need, by name (`stackbench setup <name>`). */
export function stackSetups(): Map<string, StackSpec['setup'] & object> {
  const setups = new Map<string, StackSpec['setup'] & object>();
  for (const s of registry) if (s.setup !== undefined) setups.set(s.setup.name, s.setup);
  return setups;
}
