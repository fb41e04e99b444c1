/**
 * The user config file (`stackbench.config.yaml` / `.json`): a user's own stacks and scenario
 * files. Strict: an unknown field is an error, and every problem is reported at once.
 */
import * as z from 'zod';
import { VALIDATION_MODES } from '../../servers/contract/schemas.js';

const Name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes, e.g. "my-app"')
  .max(40);

/** `ready: /health` (a GET answering 2xx) or `ready: port` (the port accepts connections). */
const Ready = z.union([
  z.literal('port'),
  z.string().startsWith('/', 'expected a path such as "/health", or "port"'),
]);

export const UserStack = z
  .strictObject({
    /** What `--stack` calls it; must not be a built-in stack's name. */
    name: Name,
    /** What the reports call it. @default name */
    label: z.string().min(1).max(60).optional(),
    /** The argv that starts it (no shell): `[node, server.js]`, `[python3, app.py, '{port}']`. */
    command: z.array(z.string().min(1)).min(1),
    /** Its working directory, relative to the config file's folder. @default the config's folder */
    cwd: z.string().min(1).default('.'),
    /** Added to its environment; `{port}` and `{host}` are filled in. */
    env: z.record(z.string(), z.string()).default({}),
    /** When it is ready to serve. @default /ready (the contract's) */
    ready: Ready.default('/ready'),
    /** Seconds to wait for it to be ready. @default 15 */
    startTimeout: z.number().min(1).max(600).default(15),
    /** Whether it serves the catalog contract (`verify` checks it only then). @default false */
    catalog: z.boolean().default(false),
    /**
     * The `VALIDATION` modes it understands. @default [native]: whatever the app itself does
     */
    validations: z.array(z.enum(VALIDATION_MODES)).min(1).default(['native']),
    /**
     * Which threads tell whether it was saturated: `main`, the first thread of the started
     * process (one event loop, started directly); `all`, every thread of it and its children.
     * @default all
     */
    threads: z.enum(['main', 'all']).default('all'),
    /** Its version for the manifest, as a string … */
    version: z.string().min(1).optional(),
    /** … or a command printing it (run in `cwd`), e.g. `[git, describe, --tags, --always]`. */
    versionCommand: z.array(z.string().min(1)).min(1).optional(),
    /** The language it is written in. @default unknown */
    language: z.string().min(1).default('unknown'),
    /** The report's columns (docs generation, runtime model, server configuration). */
    docs: z.string().min(1).default('not declared'),
    runtime: z.string().min(1).default('not declared'),
    serverConfig: z.string().min(1).default('not declared'),
  })
  .refine((s) => s.version === undefined || s.versionCommand === undefined, {
    message: 'give version or versionCommand, not both',
    path: ['versionCommand'],
  });
export type UserStack = z.output<typeof UserStack>;

export const UserConfig = z.strictObject({
  /** Stacks of the user's own (any language). */
  stacks: z.array(UserStack).default([]),
  /** Scenario files, relative to the config file's folder. */
  scenarios: z.array(z.string().min(1)).default([]),
});
export type UserConfig = z.output<typeof UserConfig>;
