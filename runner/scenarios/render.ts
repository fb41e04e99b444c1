/**
 * Turns a scenario's templates into concrete requests. Templates are compiled once, since
 * rendering runs inside the load generator, whose CPU is the measurement's limit.
 */
import { savedField, type PlaceholderSite, type SavedResponses } from './saved-field.js';
import type { Scenario, Step, Variable } from './schema.js';

export interface RenderedRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Per-connection state: its random stream, its counter and the responses it saved. */
export interface ConnectionState {
  rng: () => number;
  connection: number;
  counter: number;
  /** Responses saved by name (saved-field.ts: `saveResponse`). */
  saved: SavedResponses;
}

type Values = (name: string) => unknown;
type Piece = string | ((values: Values, saved: ConnectionState['saved']) => string);

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?\}/gi;

function compileString(template: string, site: PlaceholderSite): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [whole, name, field] = match;
    if (match.index > last) pieces.push(template.slice(last, match.index));
    pieces.push(
      field === undefined
        ? (values) => String(values(name!))
        : (_values, saved) => savedField(saved, name!, field, site),
    );
    last = match.index + whole.length;
  }
  if (last < template.length) pieces.push(template.slice(last));
  return pieces;
}

const join = (pieces: Piece[], values: Values, saved: ConnectionState['saved']) =>
  pieces.length === 1 && typeof pieces[0] === 'string'
    ? pieces[0]
    : pieces.map((p) => (typeof p === 'string' ? p : p(values, saved))).join('');

type BodyFn = (values: Values, saved: ConnectionState['saved']) => unknown;

function compileBody(template: unknown, site: PlaceholderSite): BodyFn {
  if (typeof template === 'string') {
    const exact = /^\{([a-z][a-z0-9_]*)\}$/i.exec(template);
    if (exact) return (values) => values(exact[1]!);
    const pieces = compileString(template, site);
    return (values, saved) => join(pieces, values, saved);
  }
  if (Array.isArray(template)) {
    const items = template.map((item) => compileBody(item, site));
    return (values, saved) => items.map((f) => f(values, saved));
  }
  if (template !== null && typeof template === 'object') {
    const entries = Object.entries(template).map(([k, v]) => [k, compileBody(v, site)] as const);
    return (values, saved) => {
      const out: Record<string, unknown> = {};
      for (const [k, f] of entries) out[k] = f(values, saved);
      return out;
    };
  }
  return () => template;
}

export function drawVariable(variable: Variable, state: ConnectionState): unknown {
  if ('int' in variable) {
    const [min, max] = variable.int;
    return min + Math.floor(state.rng() * (max - min + 1));
  }
  if ('pick' in variable) return variable.pick[Math.floor(state.rng() * variable.pick.length)];
  if ('float' in variable) {
    const [min, max] = variable.float;
    const scale = 10 ** variable.decimals;
    return Math.round((min + state.rng() * (max - min)) * scale) / scale;
  }
  return `${variable.sequence}-${state.connection}-${++state.counter}`;
}

export interface CompiledStep {
  step: Step;
  render(state: ConnectionState): RenderedRequest;
}

/**
 * Compiles every step; each render draws fresh values (one draw per variable per request). A
 * render throws ScenarioRunError when a `{saved.field}` it needs is missing.
 */
export function compileScenario(scenario: Scenario): CompiledStep[] {
  return scenario.sequence.map((step) => {
    const site = { scenario: scenario.name, step: step.name };
    const path = compileString(step.path, site);
    const body = step.body === undefined ? undefined : compileBody(step.body, site);
    return {
      step,
      render(state) {
        const drawn = new Map<string, unknown>();
        const values: Values = (name) => {
          if (!drawn.has(name)) {
            const variable = scenario.variables[name];
            drawn.set(name, variable === undefined ? undefined : drawVariable(variable, state));
          }
          return drawn.get(name);
        };
        const request: RenderedRequest = {
          method: step.method,
          path: join(path, values, state.saved),
        };
        if (step.headers !== undefined) request.headers = step.headers;
        if (body !== undefined) request.body = JSON.stringify(body(values, state.saved));
        return request;
      },
    };
  });
}

/** Every status any step of the scenario may answer. */
export function expectedStatuses(scenario: Scenario): Set<number> {
  return new Set(scenario.sequence.flatMap((s) => s.expect));
}
