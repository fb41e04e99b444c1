/**
 * Turns validation problems into the contract's 422 body:
 * `{"detail":[{"type","loc","msg"}]}` listing every problem, with FastAPI/pydantic-style
 * types and messages so clients of the guide's API see the same shape.
 */
import type * as z from 'zod';
import type { ValidationErrorBody, ValidationIssue } from './schemas.js';

export type Location = 'body' | 'query' | 'path';

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const TYPE_NAMES: Record<string, [type: string, msg: string]> = {
  string: ['string_type', 'Input should be a valid string'],
  number: ['float_type', 'Input should be a valid number'],
  int: ['int_type', 'Input should be a valid integer'],
  object: ['model_attributes_type', 'Input should be a valid dictionary or object'],
};

function describe(issue: z.core.$ZodIssue, input: unknown, where: Location): [string, string] {
  const value = valueAt(input, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined && where === 'body' && issue.path.length > 0) {
        return ['missing', 'Field required'];
      }
      if (where !== 'body' && (issue.expected === 'number' || issue.expected === 'int')) {
        return [
          'int_parsing',
          'Input should be a valid integer, unable to parse string as an integer',
        ];
      }
      if (issue.expected === 'number' && typeof value === 'number') {
        return ['finite_number', 'Input should be a finite number'];
      }
      return TYPE_NAMES[issue.expected] ?? ['type_error', issue.message];
    }
    case 'too_small':
      if (issue.origin === 'string') {
        return ['string_too_short', `String should have at least ${issue.minimum} characters`];
      }
      return issue.inclusive
        ? ['greater_than_equal', `Input should be greater than or equal to ${issue.minimum}`]
        : ['greater_than', `Input should be greater than ${issue.minimum}`];
    case 'too_big':
      if (issue.origin === 'string') {
        return ['string_too_long', `String should have at most ${issue.maximum} characters`];
      }
      return issue.inclusive
        ? ['less_than_equal', `Input should be less than or equal to ${issue.maximum}`]
        : ['less_than', `Input should be less than ${issue.maximum}`];
    default:
      return ['value_error', issue.message];
  }
}

/** Maps every zod issue to a contract issue located under `where`. */
export function zodProblems(
  error: z.ZodError,
  input: unknown,
  where: Location,
  prefix: readonly string[] = [],
): ValidationIssue[] {
  return error.issues.map((issue) => {
    const [type, msg] = describe(issue, input, where);
    const path = issue.path.map((key) => (typeof key === 'number' ? key : String(key)));
    return { type, loc: [where, ...prefix, ...path], msg };
  });
}

export function validationError(detail: ValidationIssue[]): ValidationErrorBody {
  return { detail };
}

/** The single issue a body that is not JSON at all produces. */
export function jsonInvalid(): ValidationErrorBody {
  return { detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' }] };
}
