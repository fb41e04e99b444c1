/**
 * `native` mode's 422 body: ajv's errors (Fastify's `error.validation`) mapped to the same
 * contract issues, types and locations that the shared zod mapping (contract/problems.ts)
 * gives for the same input, in the same order. Messages follow pydantic's wording too.
 */
import type { FastifySchemaValidationError } from 'fastify';
import type { Location } from '../contract/problems.js';
import type { ValidationIssue } from '../contract/schemas.js';

/** The part of a flat object schema this mapping reads. */
export interface ObjectSchema {
  properties: Record<string, { type?: string | string[]; minimum?: number; maximum?: number }>;
}

type Issue = [type: string, msg: string];

const MISSING: Issue = ['missing', 'Field required'];
const OBJECT: Issue = ['model_attributes_type', 'Input should be a valid dictionary or object'];
const STRING: Issue = ['string_type', 'Input should be a valid string'];
const FLOAT: Issue = ['float_type', 'Input should be a valid number'];
const INT: Issue = ['int_type', 'Input should be a valid integer'];
const FINITE: Issue = ['finite_number', 'Input should be a finite number'];
const INT_PARSING: Issue = [
  'int_parsing',
  'Input should be a valid integer, unable to parse string as an integer',
];

const atLeast = (limit: unknown): Issue => [
  'greater_than_equal',
  `Input should be greater than or equal to ${String(limit)}`,
];
const atMost = (limit: unknown): Issue => [
  'less_than_equal',
  `Input should be less than or equal to ${String(limit)}`,
];

const BOUNDS: Record<string, (limit: unknown) => Issue> = {
  minimum: atLeast,
  maximum: atMost,
  exclusiveMinimum: (limit) => ['greater_than', `Input should be greater than ${String(limit)}`],
  exclusiveMaximum: (limit) => ['less_than', `Input should be less than ${String(limit)}`],
  minLength: (limit) => [
    'string_too_short',
    `String should have at least ${String(limit)} characters`,
  ],
  maxLength: (limit) => [
    'string_too_long',
    `String should have at most ${String(limit)} characters`,
  ],
};

const SAFE = Number.MAX_SAFE_INTEGER;

const isNumeric = (type: unknown) =>
  type === 'integer' || type === 'number' || (Array.isArray(type) && type.includes('number'));

/** The type issue for a value of the wrong JSON type. */
function typeIssue(type: unknown, value: unknown, where: Location): Issue {
  const types = Array.isArray(type) ? type : [type];
  if (types.includes('object')) return OBJECT;
  if (types.includes('string')) return STRING;
  // Query and path values are text: any number that did not parse is zod's int_parsing.
  if (where !== 'body') return INT_PARSING;
  if (typeof value === 'number') return Number.isFinite(value) ? INT : FINITE;
  return FLOAT;
}

/**
 * zod's `z.int()` checks the safe-integer range before the schema's own bound, so a value
 * beyond it gets two issues (the JSON Schema merges both bounds into one).
 */
function safeIntegerIssues(value: unknown, keyword: string, limit: unknown): Issue[] {
  if (typeof value !== 'number') return [];
  if (keyword === 'minimum' && value < -SAFE && limit !== -SAFE) return [atLeast(-SAFE)];
  if (keyword === 'maximum' && value > SAFE && limit !== SAFE) return [atMost(SAFE)];
  return [];
}

/** What zod reports for an empty query value, which it reads as 0 (ajv refuses to coerce ""). */
function emptyTextIssues(schema: ObjectSchema['properties'][string]): Issue[] {
  if (schema.minimum !== undefined && schema.minimum > 0) return [atLeast(schema.minimum)];
  if (schema.maximum !== undefined && schema.maximum < 0) return [atMost(schema.maximum)];
  return [INT_PARSING];
}

/** The issue for a query or path value that does not parse as an integer. */
export const notAnInteger = (where: Location, field: string): ValidationIssue => ({
  type: INT_PARSING[0],
  loc: [where, field],
  msg: INT_PARSING[1],
});

function fieldOf(error: FastifySchemaValidationError): string | undefined {
  if (error.keyword === 'required') return String(error.params.missingProperty);
  if (error.instancePath === '') return undefined;
  return error.instancePath.slice(1).replaceAll('~1', '/').replaceAll('~0', '~');
}

function describe(
  error: FastifySchemaValidationError,
  field: string | undefined,
  data: unknown,
  schema: ObjectSchema,
  where: Location,
): Issue[] {
  if (error.keyword === 'required') return [MISSING];
  if (field === undefined) return [typeIssue(error.params.type, data, where)];
  const value = (data as Record<string, unknown>)[field];
  const fieldSchema = schema.properties[field] ?? {};
  if (where !== 'body' && isNumeric(fieldSchema.type)) {
    if (value === '') return emptyTextIssues(fieldSchema);
    // ajv coerces "Infinity" to a number only the bounds reject; zod cannot parse it.
    if (typeof value === 'number' && !Number.isFinite(value)) return [INT_PARSING];
  }
  if (error.keyword === 'type') return [typeIssue(error.params.type, value, where)];
  const bound = BOUNDS[error.keyword];
  if (bound === undefined) return [['value_error', error.message ?? 'Invalid value']];
  const extra =
    fieldSchema.type === 'integer'
      ? safeIntegerIssues(value, error.keyword, error.params.limit)
      : [];
  return [...extra, bound(error.params.limit)];
}

/**
 * Maps ajv's errors for one request part to contract issues: one field's type error hides
 * its other errors (zod stops there too), issues come in schema property order.
 */
export function nativeProblems(
  errors: readonly FastifySchemaValidationError[],
  where: Location,
  data: unknown,
  schema: ObjectSchema,
): ValidationIssue[] {
  const order = Object.keys(schema.properties);
  const typeFailed = new Set<string | undefined>();
  for (const error of errors) if (error.keyword === 'type') typeFailed.add(fieldOf(error));

  const found: { field: string | undefined; issue: Issue }[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const field = fieldOf(error);
    if (typeFailed.has(field) && error.keyword !== 'type') continue;
    for (const issue of describe(error, field, data, schema, where)) {
      // Special cases above can turn two ajv errors into the same issue: report it once.
      const key = `${field ?? ''}\0${issue[0]}\0${issue[1]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ field, issue });
    }
  }
  const rank = (field: string | undefined) => (field === undefined ? -1 : order.indexOf(field));
  return found
    .sort((a, b) => rank(a.field) - rank(b.field))
    .map(({ field, issue: [type, msg] }) => ({
      type,
      loc: field === undefined ? [where] : [where, field],
      msg,
    }));
}
