import type { Scenario } from './schema.js';

/**
 * Saved responses and the fields later steps read from them (`{created.id}`). A field the saved
 * response lacks is an error that names the scenario, the step, the saved name, the field and
 * what the response held, never the string "undefined" sent to the server: a DELETE of
 * `/catalog/products/undefined` would be measured as a fast 422/404 and look like a result.
 */

/** A saved body that was not JSON (kept as text, for the message). */
export class NotJson {
  constructor(readonly text: string) {}
}

/** Responses a connection saved, by name: parsed JSON, or NotJson. */
export type SavedResponses = Record<string, unknown>;

/**
 * The scenario cannot go on: a step needs a saved field its response did not hold. The trial
 * that meets it stops and is invalid (its reason is this message); drivers that run in another
 * process send the message back and re-create this error from it.
 */
export class ScenarioRunError extends Error {
  constructor(
    message: string,
    /** The saved name whose field was missing, when known. */
    readonly saved?: string,
  ) {
    super(message);
    this.name = 'ScenarioRunError';
  }
}

/** Where a placeholder is: for the message. */
export interface PlaceholderSite {
  scenario: string;
  step: string;
}

/**
 * The line a generated script (wrk's Lua, k6's JavaScript) prints on stderr when a saved field
 * is missing, before it stops its tool: `STACKBENCH_MISSING <name>.<field> <body, ≤ 400 bytes>`.
 */
export const MISSING_MARKER = 'STACKBENCH_MISSING ';

/**
 * The scenario error a generated script reported in `output` (its tool's stderr), with the
 * step that needed the field; undefined when there is no such line.
 */
export function reportedMissingField(
  scenario: Scenario,
  output: string,
): ScenarioRunError | undefined {
  const line = output.split('\n').find((l) => l.startsWith(MISSING_MARKER));
  if (line === undefined) return undefined;
  const m = /^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*) ?(.*)$/i.exec(line.slice(MISSING_MARKER.length));
  if (m === null) return new ScenarioRunError(`scenario ${scenario.name}: ${line}`);
  const [, name, field, body] = m as unknown as [string, string, string, string];
  const step =
    scenario.sequence.find((s) =>
      `${s.path}${JSON.stringify(s.body ?? null)}`.includes(`{${name}.${field}}`),
    )?.name ?? '?';
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    value = new NotJson(body);
  }
  return new ScenarioRunError(
    missingFieldMessage({ scenario: scenario.name, step }, name, field, value),
    name,
  );
}

/** Keeps a response for later steps: its JSON, or its text when it is not JSON. */
export function saveResponse(saved: SavedResponses, name: string, text: string): void {
  try {
    saved[name] = JSON.parse(text) as unknown;
  } catch {
    saved[name] = new NotJson(text);
  }
}

const MAX_SHOWN = 160;

const clip = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);

/** What a saved response held, in a few words. */
export function describeSaved(value: unknown): string {
  if (value === undefined) return 'no response has been saved under that name yet';
  if (value instanceof NotJson)
    return value.text === ''
      ? 'an empty body'
      : `a body that is not JSON: ${JSON.stringify(clip(value.text))}`;
  const json = clip(JSON.stringify(value));
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return `${json}, not a JSON object`;
  const fields = Object.keys(value);
  return `${json} (fields: ${fields.length === 0 ? 'none' : fields.join(', ')})`;
}

/** The message for a saved field a step needs but its saved response lacks. */
export function missingFieldMessage(
  site: PlaceholderSite,
  name: string,
  field: string,
  value: unknown,
): string {
  const present =
    value !== null && typeof value === 'object' && !Array.isArray(value) && field in value;
  const why =
    value === undefined
      ? ''
      : present
        ? `; its field "${field}" is null`
        : `; it has no field "${field}"`;
  return (
    `scenario ${site.scenario}, step "${site.step}": {${name}.${field}} has no value: ` +
    `the response saved as "${name}" held ${describeSaved(value)}${why}. ` +
    `Fix the placeholder in the scenario (a field that response has), ` +
    `or the server, whose answer lacks "${field}"`
  );
}

/** The field's value as request text; throws ScenarioRunError when it is missing or null. */
export function savedField(
  saved: SavedResponses,
  name: string,
  field: string,
  site: PlaceholderSite,
): string {
  const value = saved[name];
  if (value !== null && typeof value === 'object' && !(value instanceof NotJson)) {
    const got = (value as Record<string, unknown>)[field];
    if (got !== undefined && got !== null && Object.hasOwn(value, field))
      return typeof got === 'object' ? JSON.stringify(got) : String(got);
  }
  throw new ScenarioRunError(missingFieldMessage(site, name, field, value), name);
}
