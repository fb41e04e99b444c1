/**
 * The scenario file format (docs/design.md §4): a declarative, strictly validated description of
 * the requests a connection sends in a loop, the variables that make them vary, the
 * statuses each may answer, and the load model.
 */
import * as z from 'zod';

const HttpStatus = z.int().min(100).max(599);

export const Variable = z.union([
  z.strictObject({ int: z.tuple([z.int(), z.int()]).describe('[min, max], inclusive') }),
  z.strictObject({ pick: z.array(z.union([z.string(), z.number()])).min(1) }),
  z.strictObject({
    sequence: z.string().min(1).describe('a prefix; each use appends the connection and a counter'),
  }),
  z.strictObject({
    float: z.tuple([z.number(), z.number()]),
    decimals: z.int().min(0).max(6).default(2),
  }),
]);
export type Variable = z.output<typeof Variable>;

export const Step = z.strictObject({
  name: z.string().min(1),
  method: z.enum(['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD']),
  /** A path template: `{var}` is a variable, `{saved.field}` a field of a saved response. */
  path: z.string().startsWith('/'),
  /** A JSON body template: a string that is exactly `{var}` becomes the variable's typed value. */
  body: z.unknown().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Statuses this step may answer; any other makes the trial invalid. */
  expect: z.array(HttpStatus).min(1),
  /** Keep the JSON response under this name for later steps (e.g. the created id). */
  save: z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/i)
    .optional(),
});
export type Step = z.output<typeof Step>;

export const Scenario = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  description: z.string().min(1),
  /** Validation modes this scenario means something in (default: all the stack has). */
  validations: z
    .array(z.enum(['zod', 'off', 'native']))
    .min(1)
    .optional(),
  /** True when no step touches input validation: the run measures it in one mode only. */
  validationIndependent: z.boolean().default(false),
  variables: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/i), Variable).default({}),
  /** What one connection sends, in order, in a loop. Repeat steps to weight a mix. */
  sequence: z.array(Step).min(1),
  load: z
    .strictObject({
      model: z.literal('closed').default('closed'),
      connections: z.int().min(1).max(10_000).optional(),
      pipelining: z.int().min(1).max(100).default(1),
    })
    .default({ model: 'closed', pipelining: 1 }),
});
export type Scenario = z.output<typeof Scenario>;
