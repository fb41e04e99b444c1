/**
 * A scenario's steps as HTTP/1.1 request bytes, made as cheap per request as their templates
 * allow (rendering runs inside the generator, whose CPU is the measurement's limit):
 * - `fixed`: no placeholder: one Buffer, written as is on every request;
 * - `pool`: only random variables (int, pick, float): a pool of requests rendered up front
 *   by render.ts and cycled, so a request costs a write;
 * - `live`: a `sequence` variable (values must never repeat) or a `{saved.field}`: rendered
 *   per request by render.ts from the connection's own state.
 */
import { compileScenario, type ConnectionState } from '../../scenarios/render.js';
import type { RenderedRequest } from '../../scenarios/render.js';
import type { Scenario, Step } from '../../scenarios/schema.js';

export const POOL_SIZE = 1024;

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?\}/gi;

export interface PreparedStep {
  step: Step;
  kind: 'fixed' | 'pool' | 'live';
  /** The step keeps its response body (`save`). */
  save?: string;
  /** No body comes back whatever the headers say (HEAD). */
  noBody: boolean;
  /** The next request's bytes for a connection (its state for `live` steps). */
  next(state: ConnectionState): Buffer | string;
}

/** The request's bytes: request line, Host, the step's headers, content-length, body. */
export function serialize(request: RenderedRequest, host: string): string {
  let head = `${request.method} ${request.path} HTTP/1.1\r\nHost: ${host}\r\n`;
  let hasType = false;
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (name.toLowerCase() === 'content-type') hasType = true;
    head += `${name}: ${value}\r\n`;
  }
  if (request.body === undefined) return `${head}\r\n`;
  if (!hasType) head += 'content-type: application/json\r\n';
  return `${head}Content-Length: ${Buffer.byteLength(request.body)}\r\n\r\n${request.body}`;
}

/** The names a step's templates use: variables, and saved responses. */
export function placeholders(step: Step): { variables: Set<string>; saved: Set<string> } {
  const variables = new Set<string>();
  const saved = new Set<string>();
  const text = step.path + (step.body === undefined ? '' : JSON.stringify(step.body));
  for (const [, name, field] of text.matchAll(PLACEHOLDER)) {
    if (field === undefined) variables.add(name!);
    else saved.add(name!);
  }
  return { variables, saved };
}

/**
 * Prepares every step of `scenario` for requests to `host` (`127.0.0.1:port`). `poolState`
 * draws the pools' values (its own random stream, so pools are reproducible from the seed).
 */
export function prepareSteps(
  scenario: Scenario,
  host: string,
  poolState: ConnectionState,
): PreparedStep[] {
  return compileScenario(scenario).map(({ step, render }) => {
    const { variables, saved } = placeholders(step);
    const base = {
      step,
      noBody: step.method === 'HEAD',
      ...(step.save !== undefined && { save: step.save }),
    };
    if (variables.size === 0 && saved.size === 0) {
      const bytes = Buffer.from(serialize(render(poolState), host));
      return { ...base, kind: 'fixed', next: () => bytes };
    }
    const random = [...variables].every((name) => {
      const variable = scenario.variables[name];
      return variable !== undefined && !('sequence' in variable);
    });
    if (saved.size === 0 && random) {
      const pool = Array.from({ length: POOL_SIZE }, () =>
        Buffer.from(serialize(render(poolState), host)),
      );
      let at = 0;
      return {
        ...base,
        kind: 'pool',
        next: () => {
          const bytes = pool[at]!;
          at = at + 1 === POOL_SIZE ? 0 : at + 1;
          return bytes;
        },
      };
    }
    return { ...base, kind: 'live', next: (state) => serialize(render(state), host) };
  });
}
