/**
 * Compiles a scenario into a readable, standalone k6 script. One iteration sends ONE step: each
 * VU walks the scenario's sequence in order (so a VU's create is followed by its delete, with
 * the id it saved), and the iteration rate is the request rate. Two k6 scenarios: `warmup`
 * then `measure`; only `measure` is counted (custom status counters, `{scenario:measure}`
 * submetrics). handleSummary writes k6's own summary data as JSON, which k6-summary.ts reads.
 */
import { MISSING_MARKER } from '../scenarios/saved-field.js';
import type { Scenario, Variable } from '../scenarios/schema.js';

export type K6Load =
  /** Closed model: `vus` VUs loop back to back (like connections). */
  | { model: 'closed'; vus: number }
  /** Open model: `rate` iterations (= requests) per second whatever the latency. */
  | { model: 'open'; rate: number; preAllocatedVUs: number; maxVUs: number };

export interface K6ScriptOptions {
  load: K6Load;
  warmupS: number;
  durationS: number;
  timeoutS: number;
  /** Extra thresholds on the measured window, k6 syntax: `{ http_req_duration: ['p(99)<50'] }`. */
  thresholds?: Record<string, string[]>;
  /** Where the script says it came from. */
  source?: string;
  /** Default base URL when BASE_URL is not set. */
  baseUrl?: string;
  /** Default for __ENV.SUMMARY_FILE. */
  summaryFile?: string;
  /** Facts `stackbench import k6` reads back from the summary (scenario, model, window). */
  meta?: Record<string, string | number | boolean>;
}

/** What an exported script stores in its summary under `stackbench`. */
export function scriptMeta(
  scenario: Scenario,
  hash: string,
  o: Pick<K6ScriptOptions, 'load' | 'durationS' | 'warmupS'>,
): Record<string, string | number | boolean> {
  return {
    scenario: scenario.name,
    scenarioHash: hash,
    model: o.load.model,
    ...(o.load.model === 'open' ? { rate: o.load.rate } : { vus: o.load.vus }),
    durationS: o.durationS,
    warmupS: o.warmupS,
  };
}

/** Marker lines the script logs (k6 prints console output to stderr). */
export const K6_MEASURING = 'STACKBENCH_MEASURING';
export const K6_MEASURED = 'STACKBENCH_MEASURED';

/**
 * Open-model VU pool for a rate, all allocated before the test (a VU created mid-test costs
 * a JS runtime while iterations wait, and shows up as dropped iterations): enough for a mean
 * latency of 100 ms in flight (Little's law: VUs = rate × latency), up to 200 ms at most.
 * Past that k6 drops iterations and the step is invalid, which any SLO under ~200 ms
 * would have failed anyway.
 */
export function vuPool(rate: number): { preAllocatedVUs: number; maxVUs: number } {
  const preAllocatedVUs = Math.min(1000, Math.max(20, Math.ceil(rate * 0.1)));
  return { preAllocatedVUs, maxVUs: Math.min(2000, Math.max(100, preAllocatedVUs * 2)) };
}

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?\}/gi;
const EXACT_VAR = /^\{([a-z][a-z0-9_]*)\}$/i;

const js = (value: unknown) => JSON.stringify(value);
const tplText = (text: string) =>
  text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');

/** A string template as a JS expression: a plain string literal, or a template literal. */
function stringExpr(template: string): string {
  if (!PLACEHOLDER.test(template)) return js(template);
  PLACEHOLDER.lastIndex = 0;
  let out = '`';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [whole, name, field] = match;
    out += tplText(template.slice(last, match.index));
    out +=
      field === undefined ? `\${v(${js(name)})}` : `\${field(saved, ${js(name)}, ${js(field)})}`;
    last = match.index + whole.length;
  }
  return `${out}${tplText(template.slice(last))}\``;
}

/** A body template as a JS expression building the same value render.ts builds. */
function bodyExpr(template: unknown, indent: string): string {
  if (typeof template === 'string') {
    const exact = EXACT_VAR.exec(template);
    return exact ? `v(${js(exact[1])})` : stringExpr(template);
  }
  const inner = `${indent}  `;
  if (Array.isArray(template)) return `[${template.map((t) => bodyExpr(t, inner)).join(', ')}]`;
  if (template !== null && typeof template === 'object') {
    const entries = Object.entries(template).map(
      ([k, v]) => `${inner}${/^[a-z_$][\w$]*$/i.test(k) ? k : js(k)}: ${bodyExpr(v, inner)},`,
    );
    return `{\n${entries.join('\n')}\n${indent}}`;
  }
  return js(template) ?? 'null';
}

function variableExpr(variable: Variable): string {
  if ('int' in variable) return `() => int(${variable.int[0]}, ${variable.int[1]})`;
  if ('float' in variable)
    return `() => float(${variable.float[0]}, ${variable.float[1]}, ${variable.decimals})`;
  if ('pick' in variable) return `() => pick(${js(variable.pick)})`;
  return `() => \`${tplText(variable.sequence)}-\${__VU}-\${++counter}\``;
}

/**
 * The HTTP statuses IANA registers, and the scenario's own: k6 counts each as a submetric of
 * http_reqs. A status outside this list is still counted in http_reqs; stackbench reports
 * those as status "000" (unexpected, so the trial is invalid).
 */
const REGISTERED = [
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304,
  305, 307, 308, 400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415,
  416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505,
  506, 507, 508, 510, 511,
];

export const countedStatuses = (scenario: Scenario): number[] =>
  [...new Set([...REGISTERED, ...scenario.sequence.flatMap((s) => s.expect)])].sort(
    (a, b) => a - b,
  );

const seconds = (s: number) => `${Math.round(s * 1000)}ms`;

function executor(load: K6Load, durationS: number, startS: number): Record<string, unknown> {
  const common = {
    duration: seconds(durationS),
    ...(startS > 0 && { startTime: seconds(startS) }),
    gracefulStop: '2s',
  };
  if (load.model === 'closed') return { executor: 'constant-vus', vus: load.vus, ...common };
  return {
    executor: 'constant-arrival-rate',
    rate: load.rate,
    timeUnit: '1s',
    preAllocatedVUs: load.preAllocatedVUs,
    maxVUs: load.maxVUs,
    ...common,
  };
}

/** k6 options for the script: warm-up then measure, thresholds on the measured window. */
export function k6Options(scenario: Scenario, o: K6ScriptOptions): Record<string, unknown> {
  const scenarios: Record<string, unknown> = {};
  if (o.warmupS > 0) scenarios.warmup = executor(o.load, o.warmupS, 0);
  scenarios.measure = executor(o.load, o.durationS, o.warmupS);
  const thresholds: Record<string, string[]> = {
    // Every response must have a status its step expects…
    'checks{scenario:measure}': ['rate==1'],
    // …and an open model must start every iteration on time (none dropped).
    ...(o.load.model === 'open' && { 'dropped_iterations{scenario:measure}': ['count==0'] }),
    // Submetrics of the measured window, so the summary holds them (always pass).
    'http_reqs{scenario:measure}': ['count>=0'],
    'http_req_duration{scenario:measure}': ['max>=0'],
    'data_received{scenario:measure}': ['count>=0'],
    'iterations{scenario:measure}': ['count>=0'],
    // Requests without a response: every network error, and timeouts apart.
    'http_reqs{scenario:measure,status:0}': ['count>=0'],
    'http_reqs{scenario:measure,error_code:1050}': ['count>=0'],
  };
  // Responses by status: one always-passing submetric per status a server may send.
  for (const status of countedStatuses(scenario))
    thresholds[`http_reqs{scenario:measure,status:${status}}`] = ['count>=0'];
  for (const [metric, rules] of Object.entries(o.thresholds ?? {})) {
    const key = metric.includes('{') ? metric : `${metric}{scenario:measure}`;
    thresholds[key] = [...(thresholds[key] ?? []).filter((r) => !r.endsWith('>=0')), ...rules];
  }
  return {
    scenarios,
    thresholds,
    summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(99)', 'p(99.9)'],
    // Only a step that saves its response needs the body.
    discardResponseBodies: true,
    noVUConnectionReuse: false,
  };
}

export function k6Script(scenario: Scenario, o: K6ScriptOptions): string {
  const expected = [...new Set(scenario.sequence.flatMap((s) => s.expect))].sort((a, b) => a - b);
  const steps = scenario.sequence.map((step) => {
    const lines = [
      `  {`,
      `    name: ${js(step.name)},`,
      `    method: ${js(step.method)},`,
      `    expect: ${js(step.expect)},`,
      ...(step.save !== undefined ? [`    save: ${js(step.save)},`] : []),
      `    path: (v, saved) => ${stringExpr(step.path)},`,
      ...(step.body !== undefined
        ? [`    body: (v, saved) => JSON.stringify(${bodyExpr(step.body, '    ')}),`]
        : []),
      ...(step.headers !== undefined ? [`    headers: ${js(step.headers)},`] : []),
      `  },`,
    ];
    return lines.join('\n');
  });
  const vars = Object.entries(scenario.variables).map(
    ([name, v]) => `  ${name}: ${variableExpr(v)},`,
  );

  return `// Generated by stackbench from scenario "${scenario.name}"${o.source ? ` (${o.source})` : ''}.
// ${scenario.description}
//
// Run it on its own:
//   k6 run -e BASE_URL=http://127.0.0.1:3000 -e SUMMARY_FILE=summary.json ${scenario.name}.k6.js
// then turn the summary into a stackbench results file:
//   stackbench import k6 summary.json
//
// One iteration sends one request: each VU walks the sequence below in order, so a step can use
// what an earlier step of the same VU saved (e.g. {created.id}). Only the "measure" scenario is
// counted; statuses outside a step's "expect" fail its check, which fails the run. The
// thresholds on http_reqs{status:…} always pass: they only make k6 count each status.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';

const BASE_URL = (__ENV.BASE_URL || ${js(o.baseUrl ?? 'http://127.0.0.1:3000')}).replace(/\\/$/, '');
const SEED = Number(__ENV.SEED || 1);
const TIMEOUT = ${js(seconds(o.timeoutS))};

export const options = ${JSON.stringify(k6Options(scenario, o), null, 2)};

// Statuses the scenario expects: anything else counts as a failed request.
http.setResponseCallback(http.expectedStatuses(${expected.join(', ')}));

// Each VU's own random stream (mulberry32), seeded from SEED and the VU number.
let state = (SEED + __VU * 7919) >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (min, max) => min + Math.floor(random() * (max - min + 1));
const float = (min, max, decimals) => {
  const scale = 10 ** decimals;
  return Math.round((min + random() * (max - min)) * scale) / scale;
};
const pick = (list) => list[Math.floor(random() * list.length)];
let counter = 0;

// Variables: each request draws every variable it uses once.
const variables = {
${vars.join('\n')}
};

const steps = [
${steps.join('\n')}
];

// Request parameters, built once per step.
for (const step of steps) {
  step.params = {
    headers: step.headers,
    timeout: TIMEOUT,
    tags: { step: step.name },
    responseType: step.save ? 'text' : 'none',
  };
}

let cursor = 0;
const saved = {};
const savedText = {};
let announced = false;

// A field an earlier step saved (e.g. {created.id}). An answer without it stops the test (exit
// code 108): the scenario cannot go on, and a request to …/undefined would be measured as if
// it were a result. The line before says which field and what the answer held.
function field(saved, name, key) {
  const value = saved[name];
  if (value !== null && typeof value === 'object' && value[key] !== undefined && value[key] !== null)
    return value[key];
  const held = String(savedText[name] || '').slice(0, 400).replace(/[\\r\\n]/g, ' ');
  console.error(${js(MISSING_MARKER)} + name + '.' + key + ' ' + held);
  exec.test.abort(
    'scenario ' + ${js(scenario.name)} + ': {' + name + '.' + key + '} has no value: the answer saved as "' +
      name + '" has no field "' + key + '"; fix the scenario or the server',
  );
}

export default function () {
  if (!announced && exec.scenario.name === 'measure') {
    // Once per VU; the VU that runs the window's first iteration says so (stackbench starts
    // sampling the server then).
    announced = true;
    if (exec.scenario.iterationInTest === 0) console.log(${js(K6_MEASURING)});
  }
  const step = steps[cursor];
  cursor = (cursor + 1) % steps.length;
  const drawn = {};
  const v = (name) => (name in drawn ? drawn[name] : (drawn[name] = variables[name]()));
  const body = step.body ? step.body(v, saved) : null;
  const res = http.request(step.method, BASE_URL + step.path(v, saved), body, step.params);
  if (step.save) {
    savedText[step.save] = res.body;
    try {
      saved[step.save] = JSON.parse(res.body);
    } catch (e) {
      saved[step.save] = undefined;
    }
  }
  // Statuses are counted by k6 itself (http_reqs{status:…} in the options); status 0 is a
  // request that got no response (error_code 1050: timeout).
  if (res.status !== 0) {
    check(res, {
      [\`\${step.name}: status in \${step.expect.join('|')}\`]: (r) => step.expect.includes(r.status),
    });
  }
}

export function teardown() {
  console.log(${js(K6_MEASURED)});
}

// What this script measured, for stackbench import k6.
const STACKBENCH = ${JSON.stringify(o.meta ?? {})};

// k6's own summary data, as JSON: stackbench reads it (stackbench import k6 <file>).
// SUMMARY_FILE=/dev/stdout puts it in the runner's log (k6-operator: kubectl logs).
export function handleSummary(data) {
  data.stackbench = STACKBENCH;
  return { [__ENV.SUMMARY_FILE || ${js(o.summaryFile ?? 'summary.json')}]: JSON.stringify(data, null, 2) };
}
`;
}
