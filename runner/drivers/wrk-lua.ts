/**
 * Compiles a scenario into a wrk Lua script (LuaJIT 2.1 / Lua 5.1 API): request() cycles the
 * sequence with variables drawn from a seeded PRNG, response() counts statuses per thread and
 * keeps the fields later steps use (e.g. `{created.id}`), done() merges the threads' counts and
 * prints one JSON line: latency (µs), statuses, errors, bytes.
 *
 * wrk's scripting state is per THREAD, not per connection, and a thread multiplexes several
 * connections: a step that needs a saved response (a DELETE of the created id) may come up
 * before that response has arrived. Such a step is owed, not skipped: the thread sends the
 * next step instead and pays the owed one as soon as a saved response is in, so every create
 * still gets its delete and the mix keeps its ratio. Saved fields are read from the response
 * body with a Lua pattern: top-level scalar fields of a JSON object only. A saving step's
 * expected answer that lacks a field a later step needs stops wrk at once (exit 3), printing
 * the saved name, the field and the body on stderr (saved-field.ts: `reportedMissingField`).
 */
import { MISSING_MARKER } from '../scenarios/saved-field.js';
import type { Scenario, Step, Variable } from '../scenarios/schema.js';

/** The marker done() prints before its JSON line. */
export const WRK_RESULT_MARKER = 'STACKBENCH_RESULT ';
/** wrk's exit code when the script stopped it for a missing saved field. */
export const WRK_MISSING_EXIT = 3;

/** What done() prints, as parsed by the driver. */
export interface WrkOutput {
  durationUs: number;
  requests: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  statuses: Record<string, number>;
  /** Steps still owed at the end (their saved response never came). */
  owed: number;
}

/** A Lua string literal (the source is ASCII-escaped, so any byte survives). */
export function luaString(text: string): string {
  let out = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (byte === 0x22) out += '\\"';
    else if (byte === 0x5c) out += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) out += String.fromCharCode(byte);
    else out += `\\${byte}`;
  }
  return `${out}"`;
}

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?\}/gi;
const EXACT_VAR = /^\{([a-z][a-z0-9_]*)\}$/i;

/**
 * A piece of a request text: a literal, a drawn variable in one of its three forms (raw for
 * paths, json for a typed body value, inner for inside a JSON string), or a saved field.
 */
type Piece =
  | { kind: 'lit'; text: string }
  | { kind: 'var'; name: string; form: 'raw' | 'json' | 'inner' }
  | { kind: 'saved'; name: string; field: string; form: 'raw' | 'inner' };

function templatePieces(template: string, form: 'raw' | 'inner'): Piece[] {
  const pieces: Piece[] = [];
  const lit = (text: string) =>
    text !== '' &&
    pieces.push({ kind: 'lit', text: form === 'inner' ? JSON.stringify(text).slice(1, -1) : text });
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [whole, name, field] = match;
    lit(template.slice(last, match.index));
    pieces.push(
      field === undefined
        ? { kind: 'var', name: name!, form }
        : { kind: 'saved', name: name!, field, form },
    );
    last = match.index + whole.length;
  }
  lit(template.slice(last));
  return pieces;
}

/** The body template as JSON text with holes, exactly as render.ts would serialise it. */
function bodyPieces(template: unknown): Piece[] {
  if (typeof template === 'string') {
    const exact = EXACT_VAR.exec(template);
    if (exact) return [{ kind: 'var', name: exact[1]!, form: 'json' }];
    return [
      { kind: 'lit', text: '"' },
      ...templatePieces(template, 'inner'),
      { kind: 'lit', text: '"' },
    ];
  }
  const join = (parts: Piece[][], open: string, close: string): Piece[] => {
    const out: Piece[] = [{ kind: 'lit', text: open }];
    parts.forEach((p, i) => {
      if (i > 0) out.push({ kind: 'lit', text: ',' });
      out.push(...p);
    });
    out.push({ kind: 'lit', text: close });
    return out;
  };
  if (Array.isArray(template)) return join(template.map(bodyPieces), '[', ']');
  if (template !== null && typeof template === 'object') {
    return join(
      Object.entries(template).map(([k, v]) => [
        { kind: 'lit', text: `${JSON.stringify(k)}:` },
        ...bodyPieces(v),
      ]),
      '{',
      '}',
    );
  }
  return [{ kind: 'lit', text: JSON.stringify(template) ?? 'null' }];
}

/** Adjacent literals merged, so the Lua concatenation stays short. */
function merge(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const prev = out.at(-1);
    if (p.kind === 'lit' && prev?.kind === 'lit') prev.text += p.text;
    else out.push({ ...p });
  }
  return out;
}

function luaConcat(pieces: Piece[], saved: string): string {
  if (pieces.length === 0) return '""';
  return pieces
    .map((p) => {
      if (p.kind === 'lit') return luaString(p.text);
      if (p.kind === 'var') return `v_${p.name}_${p.form}`;
      return `${saved}[${luaString(p.field)}]`;
    })
    .join(' .. ');
}

/** A Lua function drawing one variable: returns its raw, json and inner forms. */
function drawFunction(name: string, variable: Variable): string {
  const fn = `draw_${name}`;
  if ('int' in variable) {
    const [min, max] = variable.int;
    return `local function ${fn}()\n  local s = string.format("%d", math.random(${min}, ${max}))\n  return s, s, s\nend`;
  }
  if ('float' in variable) {
    const [min, max] = variable.float;
    // render.ts rounds to `decimals` and JSON drops trailing zeros: so does this.
    return [
      `local function ${fn}()`,
      `  local s = string.format("%.${variable.decimals}f", ${min} + math.random() * (${max} - ${min}))`,
      `  if s:find("%.") then s = s:gsub("0+$", ""):gsub("%.$", "") end`,
      `  if s == "-0" then s = "0" end`,
      `  return s, s, s`,
      `end`,
    ].join('\n');
  }
  if ('pick' in variable) {
    const list = (f: (v: string | number) => string) =>
      `{ ${variable.pick.map((v) => luaString(f(v))).join(', ')} }`;
    return [
      `local ${fn}_raw = ${list((v) => String(v))}`,
      `local ${fn}_json = ${list((v) => JSON.stringify(v))}`,
      `local ${fn}_inner = ${list((v) => JSON.stringify(String(v)).slice(1, -1))}`,
      `local function ${fn}()`,
      `  local i = math.random(1, ${variable.pick.length})`,
      `  return ${fn}_raw[i], ${fn}_json[i], ${fn}_inner[i]`,
      `end`,
    ].join('\n');
  }
  const prefix = JSON.stringify(variable.sequence).slice(1, -1);
  return [
    `local ${fn}_counter = 0`,
    `local function ${fn}()`,
    `  ${fn}_counter = ${fn}_counter + 1`,
    `  local s = ${luaString(prefix)} .. "-" .. thread_id .. "-" .. ${fn}_counter`,
    `  return ${luaString(variable.sequence)} .. "-" .. thread_id .. "-" .. ${fn}_counter, '"' .. s .. '"', s`,
    `end`,
  ].join('\n');
}

function usedVariables(pieces: Piece[]): string[] {
  return [...new Set(pieces.flatMap((p) => (p.kind === 'var' ? [p.name] : [])))];
}

function usedSaved(pieces: Piece[]): string | undefined {
  return pieces.find((p) => p.kind === 'saved')?.name;
}

function stepFunction(step: Step, index: number): string {
  const path = merge(templatePieces(step.path, 'raw'));
  const body = step.body === undefined ? undefined : merge(bodyPieces(step.body));
  const all = [...path, ...(body ?? [])];
  const vars = usedVariables(all);
  const savedName = usedSaved(all);
  const headers =
    step.headers === undefined
      ? 'nil'
      : `{ ${Object.entries(step.headers)
          .map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`)
          .join(', ')} }`;
  const format = (savedVar: string) =>
    `wrk.format(${luaString(step.method)}, ${luaConcat(path, savedVar)}, ${headers}, ${
      body === undefined ? 'nil' : luaConcat(body, savedVar)
    })`;
  const lines = [`-- step ${index}: ${step.name} (${step.method} ${step.path})`];
  if (vars.length === 0 && savedName === undefined) {
    // No variable: the request is the same every time, built once.
    lines.push(
      `local step_${index}_request`,
      `steps[${index}] = function()`,
      `  if step_${index}_request == nil then step_${index}_request = ${format('nil')} end`,
      `  return step_${index}_request`,
      `end`,
    );
    return lines.join('\n');
  }
  lines.push(`steps[${index}] = function()`);
  let savedVar = 'nil';
  if (savedName !== undefined) {
    savedVar = 's';
    lines.push(
      `  local queue = saved[${luaString(savedName)}]`,
      `  if #queue == 0 then return nil end -- its saved response is not in yet: owe it`,
      `  local s = table.remove(queue, 1)`,
    );
  }
  for (const v of vars) lines.push(`  local v_${v}_raw, v_${v}_json, v_${v}_inner = draw_${v}()`);
  lines.push(`  return ${format(savedVar)}`, `end`);
  return lines.join('\n');
}

/** Fields each saved name must capture: `{created.id}` → created: [id]. */
function savedFields(scenario: Scenario): Map<string, string[]> {
  const fields = new Map<string, Set<string>>();
  for (const step of scenario.sequence) {
    for (const text of [step.path, JSON.stringify(step.body ?? null)]) {
      for (const [, name, field] of text.matchAll(PLACEHOLDER)) {
        if (field === undefined || name === undefined) continue;
        if (!fields.has(name)) fields.set(name, new Set());
        fields.get(name)!.add(field);
      }
    }
  }
  return new Map([...fields].map(([k, v]) => [k, [...v]]));
}

export interface WrkScriptOptions {
  seed: number;
  /** A comment line naming where the script came from. */
  source?: string;
}

/** The whole Lua script for one scenario. */
export function wrkScript(scenario: Scenario, options: WrkScriptOptions): string {
  const fields = savedFields(scenario);
  // Which statuses mark a response as the one a `save` step keeps.
  const saveSteps = scenario.sequence.filter(
    (s): s is Step & { save: string } => s.save !== undefined && fields.has(s.save),
  );
  const capture = saveSteps.map((s) => {
    const statuses = s.expect.map((c) => `status == ${c}`).join(' or ');
    const wanted = fields.get(s.save)!;
    return [
      `  if (${statuses}) and body ~= nil then`,
      `    local entry, complete = {}, true`,
      ...wanted.map(
        (f) =>
          `    entry[${luaString(f)}] = field(body, ${luaString(f)}); complete = complete and entry[${luaString(f)}] ~= nil`,
      ),
      `    if complete and #saved[${luaString(s.save)}] < 10000 then table.insert(saved[${luaString(s.save)}], entry) end`,
      ...wanted.map(
        (f) =>
          `    if entry[${luaString(f)}] == nil then missing_field(${luaString(s.save)}, ${luaString(f)}, body) end`,
      ),
      `  end`,
    ].join('\n');
  });
  const wantsBody = capture.length > 0;

  return `-- Generated by stackbench from scenario "${scenario.name}"${options.source ? ` (${options.source})` : ''}.
-- wrk runs this in every thread; a thread cycles the sequence over its connections.
-- Do not edit: it is regenerated for every trial.

local seed = ${options.seed}
local threads = {}
local thread_count = 0

-- Globals read back by done() through thread:get().
statuses = {}
owed_count = 0
thread_id = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_id", thread_count)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(seed + thread_id * 7919)
  math.random(); math.random()
end

-- Variables: each request draws every variable it uses once.
${Object.entries(scenario.variables)
  .map(([name, v]) => drawFunction(name, v))
  .join('\n\n')}

-- Saved responses, first in first out, by the name a step saves them under.
saved = { ${[...fields.keys()].map((n) => `[${luaString(n)}] = {}`).join(', ')} }

-- A top-level scalar field of a JSON body (string without quotes, number, true/false/null).
local function field(body, name)
  local v = body:match('"' .. name .. '"%s*:%s*"([^"]*)"')
  if v ~= nil then return v end
  return body:match('"' .. name .. '"%s*:%s*([%w%.%+%-]+)')
end

-- An expected answer lacks a field a later step needs: the scenario cannot go on. Say which
-- (with the body) on stderr and stop wrk now, rather than owe that step for the whole run.
local function missing_field(name, f, body)
  io.stderr:write(${luaString(MISSING_MARKER)}, name, ".", f, " ", (body:sub(1, 400):gsub("[\\r\\n]", " ")), "\\n")
  io.stderr:flush()
  os.exit(${WRK_MISSING_EXIT})
end

-- One function per step; nil means "its saved response is not in yet".
local steps = {}
${scenario.sequence.map((s, i) => stepFunction(s, i + 1)).join('\n\n')}

local cursor = 0
local owed = {}

function request()
  if #owed > 0 then
    local r = steps[owed[1]]()
    if r ~= nil then table.remove(owed, 1); owed_count = #owed; return r end
  end
  for _ = 1, #steps do
    cursor = cursor % #steps + 1
    local r = steps[cursor]()
    if r ~= nil then return r end
    if #owed < 10000 then table.insert(owed, cursor) end
  end
  owed_count = #owed
  return steps[1]()
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
${capture.join('\n')}
end
${wantsBody ? '' : '-- (no step saves a response: the body is only counted, never parsed)\n'}
local function json_number(n)
  if n ~= n or n == math.huge or n == -math.huge then return "0" end
  return string.format("%.3f", n)
end

function done(summary, latency, requests)
  local merged, owed_total = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses") or {}) do
      merged[status] = (merged[status] or 0) + count
    end
    owed_total = owed_total + (thread:get("owed_count") or 0)
  end
  local parts = {}
  for status, count in pairs(merged) do
    table.insert(parts, string.format('"%d":%d', status, count))
  end
  local e = summary.errors
  io.write(${luaString(WRK_RESULT_MARKER)}, "{",
    '"durationUs":', json_number(summary.duration), ",",
    '"requests":', json_number(summary.requests), ",",
    '"bytes":', json_number(summary.bytes), ",",
    '"errors":{"connect":', e.connect, ',"read":', e.read, ',"write":', e.write,
      ',"status":', e.status, ',"timeout":', e.timeout, "},",
    '"latencyUs":{"p50":', json_number(latency:percentile(50)),
      ',"p90":', json_number(latency:percentile(90)),
      ',"p99":', json_number(latency:percentile(99)),
      ',"p999":', json_number(latency:percentile(99.9)),
      ',"max":', json_number(latency.max),
      ',"mean":', json_number(latency.mean), "},",
    '"statuses":{', table.concat(parts, ","), "},",
    '"owed":', owed_total,
    "}\\n")
end
`;
}

/** The JSON line done() printed, from wrk's whole stdout. */
export function parseWrkOutput(stdout: string): WrkOutput {
  const line = stdout.split('\n').find((l) => l.startsWith(WRK_RESULT_MARKER));
  if (line === undefined) throw new Error(`wrk printed no result line: ${stdout.slice(-500)}`);
  return JSON.parse(line.slice(WRK_RESULT_MARKER.length)) as WrkOutput;
}
