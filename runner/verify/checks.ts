/**
 * The catalog contract (docs/design.md §3) as executable checks. `stackbench verify` and the vitest
 * contract suite run these same checks against real servers over real HTTP. Expected values
 * are written out literally here: they are the spec, not a copy of the servers' code.
 */
import type { ValidationMode } from '../../servers/contract/schemas.js';
import type { HttpRequest, HttpResponse } from './http.js';

export interface CheckState {
  createdId?: number;
}

export interface Expectation {
  status: number;
  /** Exact JSON body (deep, key order included). */
  json?: unknown;
  /** For 422s: the (type, loc) pairs, in any order; every msg must be a non-empty string. */
  problems?: readonly (readonly [type: string, loc: readonly (string | number)[]])[];
  /** Header values: a string (exact, case-insensitive), a RegExp, or null for "absent". */
  headers?: Record<string, string | RegExp | null>;
  /** Extra assertions: return a description of what is wrong, or undefined. */
  body?: (json: unknown, state: CheckState) => string | undefined;
  /** The response must have no body. */
  empty?: boolean;
}

export interface Step {
  request: HttpRequest | ((state: CheckState) => HttpRequest);
  expect: Expectation;
  save?: (json: unknown, state: CheckState) => void;
}

export interface ContractCheck {
  name: string;
  /** Validation modes the check applies to (default: every mode). */
  modes?: readonly ValidationMode[];
  steps: Step[];
}

const VALIDATING: readonly ValidationMode[] = ['zod', 'native'];
const PRODUCT_KEYS = ['id', 'sku', 'title', 'unit_price', 'inventory_count', 'category'];
const JSON_TYPE = /^application\/json(;\s*charset=utf-8)?$/i;
const JSON_HEADERS = { 'content-type': 'application/json' };
const ALLOWED_ORIGIN = 'https://admin.internal.corp';
const OTHER_ORIGIN = 'https://evil.example';

export const SEEDED_5 = {
  id: 5,
  sku: 'SKU-000005',
  title: 'Product 5',
  unit_price: 190.05,
  inventory_count: 65,
  category: 'c4',
};
const SEEDED_1 = {
  id: 1,
  sku: 'SKU-000001',
  title: 'Product 1',
  unit_price: 42.01,
  inventory_count: 13,
  category: 'c0',
};

const get = (path: string, headers?: Record<string, string>): HttpRequest => ({
  method: 'GET',
  path,
  headers,
});
const post = (body: string | Buffer, headers: Record<string, string> = JSON_HEADERS) => ({
  method: 'POST',
  path: '/catalog/products',
  headers,
  body,
});
const postJson = (value: unknown) => post(JSON.stringify(value));

function keysOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not an object';
  const keys = Object.keys(value);
  return keys.join() === PRODUCT_KEYS.join()
    ? undefined
    : `keys ${JSON.stringify(keys)}, expected exactly ${JSON.stringify(PRODUCT_KEYS)}`;
}

function productList(expectedIds: number[], category?: string) {
  return (json: unknown): string | undefined => {
    if (!Array.isArray(json)) return 'expected an array';
    const ids = json.map((p: { id?: unknown }) => p.id);
    if (ids.join() !== expectedIds.join()) {
      return `ids ${JSON.stringify(ids)}, expected ${JSON.stringify(expectedIds)}`;
    }
    for (const p of json as { category?: unknown }[]) {
      const bad = keysOf(p);
      if (bad !== undefined) return bad;
      if (category !== undefined && p.category !== category) return `category ${p.category}`;
    }
    return undefined;
  };
}

const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

const single = (
  name: string,
  request: HttpRequest,
  expect: Expectation,
  modes?: readonly ValidationMode[],
) => ({ name, modes, steps: [{ request, expect }] }) satisfies ContractCheck;

const invalid = (
  name: string,
  request: HttpRequest,
  problems: Expectation['problems'],
): ContractCheck => single(name, request, { status: 422, problems }, VALIDATING);

const NEW_PRODUCT = { sku: 'NEW-001', title: 'Widget', unit_price: 12.5 };

export const CHECKS: readonly ContractCheck[] = [
  // Fixed routes
  single('GET /json', get('/json'), {
    status: 200,
    json: { message: 'Hello, World!' },
    headers: { 'content-type': JSON_TYPE },
  }),
  single('GET /health', get('/health'), { status: 200, json: { status: 'ok' } }),
  single('GET /ready', get('/ready'), { status: 200, json: { status: 'ready' } }),
  single('HEAD /json', { method: 'HEAD', path: '/json' }, { status: 200, empty: true }),
  single('GET /openapi.json', get('/openapi.json'), {
    status: 200,
    headers: { 'content-type': JSON_TYPE },
    body: (json) => {
      const doc = json as {
        openapi?: string;
        paths?: Record<string, unknown>;
        components?: { schemas?: Record<string, { properties?: object }> };
      };
      if (doc.openapi !== '3.1.0') return `openapi ${doc.openapi}, expected 3.1.0`;
      for (const path of ['/catalog/products', '/catalog/products/{id}', '/json']) {
        if (doc.paths?.[path] === undefined) return `no path ${path}`;
      }
      const props = Object.keys(doc.components?.schemas?.Product?.properties ?? {});
      return props.join() === PRODUCT_KEYS.join()
        ? undefined
        : `Product properties ${props.join()}`;
    },
  }),

  // Reads
  single('GET one seeded product', get('/catalog/products/5'), {
    status: 200,
    json: SEEDED_5,
    body: keysOf,
  }),
  single('GET the first product', get('/catalog/products/1'), { status: 200, json: SEEDED_1 }),
  single('GET a missing product', get('/catalog/products/999999'), {
    status: 404,
    json: { detail: 'Product 999999 not indexed' },
  }),
  single('list: default page', get('/catalog/products'), {
    status: 200,
    body: productList(range(1, 20)),
  }),
  single('list: page 2 of 5', get('/catalog/products?page=2&page_size=5'), {
    status: 200,
    body: productList(range(6, 10)),
  }),
  single('list: page_size 100', get('/catalog/products?page_size=100'), {
    status: 200,
    body: productList(range(1, 100)),
  }),
  single('list: page_size 1', get('/catalog/products?page_size=1&page=1000'), {
    status: 200,
    body: productList([1000]),
  }),
  single('list: past the end', get('/catalog/products?page=51'), { status: 200, json: [] }),
  single('list: category filter', get('/catalog/products?category=c3&page_size=3'), {
    status: 200,
    body: productList([4, 14, 24], 'c3'),
  }),
  single('list: category page 2', get('/catalog/products?category=c3&page=2&page_size=3'), {
    status: 200,
    body: productList([34, 44, 54], 'c3'),
  }),
  single('list: unknown category', get('/catalog/products?category=nope'), {
    status: 200,
    json: [],
  }),
  single(
    'list: repeated parameter takes the first',
    get('/catalog/products?page_size=2&page_size=50'),
    { status: 200, body: productList([1, 2]) },
    VALIDATING,
  ),
  invalid('list: page 0', get('/catalog/products?page=0'), [
    ['greater_than_equal', ['query', 'page']],
  ]),
  invalid('list: page_size 101', get('/catalog/products?page_size=101'), [
    ['less_than_equal', ['query', 'page_size']],
  ]),
  invalid('list: page_size 0', get('/catalog/products?page_size=0'), [
    ['greater_than_equal', ['query', 'page_size']],
  ]),
  invalid('list: page not a number', get('/catalog/products?page=abc'), [
    ['int_parsing', ['query', 'page']],
  ]),
  invalid('list: page not an integer', get('/catalog/products?page=1.5'), [
    ['int_parsing', ['query', 'page']],
  ]),
  invalid('list: every problem reported', get('/catalog/products?page=0&page_size=500'), [
    ['greater_than_equal', ['query', 'page']],
    ['less_than_equal', ['query', 'page_size']],
  ]),
  invalid('GET a non-integer id', get('/catalog/products/abc'), [['int_parsing', ['path', 'id']]]),
  invalid('GET a fractional id', get('/catalog/products/1.5'), [['int_parsing', ['path', 'id']]]),
  invalid('GET a badly escaped id', get('/catalog/products/%E0%A4%A'), [
    ['int_parsing', ['path', 'id']],
  ]),
  invalid('DELETE a non-integer id', { method: 'DELETE', path: '/catalog/products/x1' }, [
    ['int_parsing', ['path', 'id']],
  ]),
  single(
    'DELETE a missing product',
    { method: 'DELETE', path: '/catalog/products/999999' },
    { status: 404, json: { detail: 'Record missing' } },
  ),

  // Create, read back, delete
  {
    name: 'create → get → delete → gone',
    steps: [
      {
        request: postJson(NEW_PRODUCT),
        expect: {
          status: 201,
          headers: { 'content-type': JSON_TYPE },
          body: (json) => {
            const p = json as Record<string, unknown>;
            const bad = keysOf(p);
            if (bad !== undefined) return bad;
            if (typeof p.id !== 'number' || p.id <= 1000)
              return `id ${String(p.id)}, expected a new id > 1000`;
            const want = { ...NEW_PRODUCT, inventory_count: 0, category: null };
            const got = {
              sku: p.sku,
              title: p.title,
              unit_price: p.unit_price,
              inventory_count: p.inventory_count,
              category: p.category,
            };
            return JSON.stringify(got) === JSON.stringify(want)
              ? undefined
              : `fields ${JSON.stringify(got)}`;
          },
        },
        save: (json, s) => {
          s.createdId = (json as { id: number }).id;
        },
      },
      {
        request: (s) => get(`/catalog/products/${s.createdId}`),
        expect: {
          status: 200,
          body: (json, s) =>
            (json as { id?: number }).id === s.createdId ? keysOf(json) : 'wrong id',
        },
      },
      {
        request: (s) => ({ method: 'DELETE', path: `/catalog/products/${s.createdId}` }),
        expect: { status: 204, empty: true, headers: { 'content-type': null } },
      },
      {
        request: (s) => get(`/catalog/products/${s.createdId}`),
        expect: {
          status: 404,
          body: (json, s) =>
            (json as { detail?: string }).detail === `Product ${s.createdId} not indexed`
              ? undefined
              : 'wrong detail',
        },
      },
      {
        request: (s) => ({ method: 'DELETE', path: `/catalog/products/${s.createdId}` }),
        expect: { status: 404, json: { detail: 'Record missing' } },
      },
    ],
  },
  single(
    'create: unknown and internal fields are dropped',
    postJson({
      ...NEW_PRODUCT,
      id: 7,
      cost_price: 1,
      audit: { by: 'me' },
      extra: true,
      inventory_count: 3,
      category: 'c1',
    }),
    {
      status: 201,
      body: (json) => {
        const p = json as Record<string, unknown>;
        if (p.id === 7) return 'client-chosen id was used';
        if (p.inventory_count !== 3 || p.category !== 'c1') return 'fields not kept';
        return keysOf(p);
      },
    },
  ),
  {
    name: 'create: a unicode title round-trips',
    steps: [
      {
        request: postJson({
          sku: 'UNI-1',
          title: 'Ünïcødé ✓ 日本語 🚀 \u0000 "quoted"',
          unit_price: 1,
        }),
        expect: {
          status: 201,
          body: (json) =>
            (json as { title?: string }).title === 'Ünïcødé ✓ 日本語 🚀 \u0000 "quoted"'
              ? undefined
              : 'title changed',
        },
        save: (json, s) => {
          s.createdId = (json as { id: number }).id;
        },
      },
      {
        request: (s) => get(`/catalog/products/${s.createdId}`),
        expect: {
          status: 200,
          body: (json) =>
            (json as { title?: string }).title === 'Ünïcødé ✓ 日本語 🚀 \u0000 "quoted"'
              ? undefined
              : 'title changed',
        },
      },
    ],
  },
  single('create: category may be null', postJson({ ...NEW_PRODUCT, category: null }), {
    status: 201,
    body: (json) =>
      (json as { category?: unknown }).category === null ? undefined : 'category not null',
  }),
  single(
    'create: charset parameter is accepted',
    post(JSON.stringify(NEW_PRODUCT), { 'content-type': 'application/json; charset=utf-8' }),
    { status: 201 },
  ),
  single(
    'create: a body of exactly 64 KiB is accepted',
    post(JSON.stringify(NEW_PRODUCT).padEnd(64 * 1024, ' ')),
    { status: 201 },
  ),

  // Bad bodies
  invalid('create: empty object', postJson({}), [
    ['missing', ['body', 'sku']],
    ['missing', ['body', 'title']],
    ['missing', ['body', 'unit_price']],
  ]),
  invalid('create: price as a string', postJson({ ...NEW_PRODUCT, unit_price: '12.5' }), [
    ['float_type', ['body', 'unit_price']],
  ]),
  invalid('create: price zero', postJson({ ...NEW_PRODUCT, unit_price: 0 }), [
    ['greater_than', ['body', 'unit_price']],
  ]),
  invalid('create: negative price', postJson({ ...NEW_PRODUCT, unit_price: -5 }), [
    ['greater_than', ['body', 'unit_price']],
  ]),
  invalid('create: float inventory', postJson({ ...NEW_PRODUCT, inventory_count: 1.5 }), [
    ['int_type', ['body', 'inventory_count']],
  ]),
  invalid('create: negative inventory', postJson({ ...NEW_PRODUCT, inventory_count: -1 }), [
    ['greater_than_equal', ['body', 'inventory_count']],
  ]),
  invalid(
    'create: huge inventory',
    post('{"sku":"abc","title":"t","unit_price":1,"inventory_count":1e20}'),
    [['less_than_equal', ['body', 'inventory_count']]],
  ),
  invalid('create: price 1e400', post('{"sku":"abc","title":"t","unit_price":1e400}'), [
    ['finite_number', ['body', 'unit_price']],
  ]),
  invalid('create: sku too short', postJson({ ...NEW_PRODUCT, sku: 'ab' }), [
    ['string_too_short', ['body', 'sku']],
  ]),
  invalid('create: sku too long', postJson({ ...NEW_PRODUCT, sku: 'x'.repeat(21) }), [
    ['string_too_long', ['body', 'sku']],
  ]),
  invalid('create: category a number', postJson({ ...NEW_PRODUCT, category: 5 }), [
    ['string_type', ['body', 'category']],
  ]),
  invalid('create: title null', postJson({ ...NEW_PRODUCT, title: null }), [
    ['string_type', ['body', 'title']],
  ]),
  invalid(
    'create: title deeply nested',
    postJson({ ...NEW_PRODUCT, title: JSON.parse('{"a":'.repeat(500) + '1' + '}'.repeat(500)) }),
    [['string_type', ['body', 'title']]],
  ),
  invalid(
    'create: every problem reported',
    postJson({ sku: 1, unit_price: '1', inventory_count: -1 }),
    [
      ['string_type', ['body', 'sku']],
      ['missing', ['body', 'title']],
      ['float_type', ['body', 'unit_price']],
      ['greater_than_equal', ['body', 'inventory_count']],
    ],
  ),
  invalid('create: an array', post('[]'), [['model_attributes_type', ['body']]]),
  invalid('create: null', post('null'), [['model_attributes_type', ['body']]]),
  invalid('create: a string', post('"sku"'), [['model_attributes_type', ['body']]]),
  invalid('create: a number', post('5'), [['model_attributes_type', ['body']]]),
  invalid('create: deeply nested arrays', post('['.repeat(5000) + ']'.repeat(5000)), [
    ['model_attributes_type', ['body']],
  ]),
  single('create: malformed JSON', post('{"sku": "abc",'), {
    status: 422,
    json: { detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' }] },
  }),
  single('create: empty JSON body', post(''), {
    status: 422,
    json: { detail: [{ type: 'json_invalid', loc: ['body'], msg: 'JSON decode error' }] },
  }),
  single(
    'create: text/plain',
    post(JSON.stringify(NEW_PRODUCT), { 'content-type': 'text/plain' }),
    { status: 415, json: { detail: 'Unsupported Media Type' } },
  ),
  single('create: no content-type', post(JSON.stringify(NEW_PRODUCT), {}), {
    status: 415,
    json: { detail: 'Unsupported Media Type' },
  }),
  single(
    'create: form data',
    post('sku=abc', { 'content-type': 'application/x-www-form-urlencoded' }),
    { status: 415, json: { detail: 'Unsupported Media Type' } },
  ),
  single('create: 64 KiB + 1 byte', post(JSON.stringify(NEW_PRODUCT).padEnd(64 * 1024 + 1, ' ')), {
    status: 413,
    json: { detail: 'Payload Too Large' },
  }),
  single(
    'create: 64 KiB + 1 byte, chunked (no Content-Length)',
    post(JSON.stringify(NEW_PRODUCT).padEnd(64 * 1024 + 1, ' '), {
      'content-type': 'application/json',
      'transfer-encoding': 'chunked',
    }),
    { status: 413, json: { detail: 'Payload Too Large' } },
  ),
  single(
    'create: a 1 MiB body',
    post(`{"sku":"abc","title":"${'x'.repeat(1024 * 1024)}","unit_price":1}`),
    { status: 413, json: { detail: 'Payload Too Large' } },
  ),

  // Routing
  single('unknown route', get('/nope'), {
    status: 404,
    json: { detail: 'Not Found' },
    headers: { 'content-type': JSON_TYPE },
  }),
  single('trailing slash is another route', get('/catalog/products/'), {
    status: 404,
    json: { detail: 'Not Found' },
  }),
  single('nested unknown route', get('/catalog/products/5/extra'), {
    status: 404,
    json: { detail: 'Not Found' },
  }),
  single('routes are case-sensitive', get('/JSON'), { status: 404, json: { detail: 'Not Found' } }),
  single(
    'PUT /json',
    { method: 'PUT', path: '/json' },
    { status: 405, json: { detail: 'Method Not Allowed' }, headers: { allow: 'GET, HEAD' } },
  ),
  single(
    'PATCH /health',
    { method: 'PATCH', path: '/health' },
    { status: 405, json: { detail: 'Method Not Allowed' }, headers: { allow: 'GET, HEAD' } },
  ),
  single(
    'DELETE the collection',
    { method: 'DELETE', path: '/catalog/products' },
    { status: 405, json: { detail: 'Method Not Allowed' }, headers: { allow: 'GET, HEAD, POST' } },
  ),
  single(
    'POST an item',
    { method: 'POST', path: '/catalog/products/5', headers: JSON_HEADERS, body: '{}' },
    {
      status: 405,
      json: { detail: 'Method Not Allowed' },
      headers: { allow: 'GET, HEAD, DELETE' },
    },
  ),

  // CORS (the guide's pitfall 4)
  single(
    'CORS: preflight from an allowed origin',
    {
      method: 'OPTIONS',
      path: '/catalog/products',
      headers: {
        origin: ALLOWED_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-request-id',
      },
    },
    {
      status: 204,
      headers: {
        'access-control-allow-origin': ALLOWED_ORIGIN,
        vary: /\borigin\b/i,
        'access-control-allow-methods': /^GET,\s?POST,\s?DELETE$/i,
        'access-control-allow-headers': /^authorization,\s?content-type,\s?x-request-id$/i,
      },
    },
  ),
  single(
    'CORS: preflight from another origin',
    {
      method: 'OPTIONS',
      path: '/catalog/products',
      headers: { origin: OTHER_ORIGIN, 'access-control-request-method': 'POST' },
    },
    { status: 204, headers: { 'access-control-allow-origin': null } },
  ),
  single('CORS: simple request from an allowed origin', get('/json', { origin: ALLOWED_ORIGIN }), {
    status: 200,
    headers: { 'access-control-allow-origin': ALLOWED_ORIGIN, vary: /\borigin\b/i },
  }),
  single('CORS: simple request from another origin', get('/json', { origin: OTHER_ORIGIN }), {
    status: 200,
    headers: { 'access-control-allow-origin': null },
  }),

  single(
    'OPTIONS without preflight headers is answered like a preflight',
    { method: 'OPTIONS', path: '/json' },
    { status: 204, empty: true, headers: { 'access-control-allow-origin': null } },
  ),

  // Trusted input (validation off): no 5xx whatever arrives
  single(
    'off: garbage input is no server error',
    postJson({ sku: 1, unit_price: 'x' }),
    { status: 201 },
    ['off'],
  ),
  single('off: a non-object body is no server error', post('[1,2]'), { status: 201 }, ['off']),
];

export function checksFor(mode: ValidationMode): ContractCheck[] {
  return CHECKS.filter((c) => c.modes === undefined || c.modes.includes(mode));
}

function headerValue(res: HttpResponse, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Every way a response misses its expectation (empty when it meets it). */
export function judge(res: HttpResponse, expect: Expectation, state: CheckState): string[] {
  const problems: string[] = [];
  if (res.status !== expect.status)
    problems.push(`status ${res.status}, expected ${expect.status}`);
  for (const [name, want] of Object.entries(expect.headers ?? {})) {
    const got = headerValue(res, name);
    if (want === null) {
      if (got !== undefined) problems.push(`header ${name}: ${JSON.stringify(got)}, expected none`);
    } else if (got === undefined) {
      problems.push(`header ${name} missing, expected ${String(want)}`);
    } else if (
      want instanceof RegExp ? !want.test(got) : got.toLowerCase() !== want.toLowerCase()
    ) {
      problems.push(`header ${name}: ${JSON.stringify(got)}, expected ${String(want)}`);
    }
  }
  if (expect.empty) {
    if (res.text !== '')
      problems.push(`body ${JSON.stringify(res.text.slice(0, 80))}, expected none`);
    return problems;
  }
  const wantsJson =
    expect.json !== undefined || expect.problems !== undefined || expect.body !== undefined;
  if (!wantsJson) return problems;
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    problems.push(`body is not JSON: ${JSON.stringify(res.text.slice(0, 120))}`);
    return problems;
  }
  if (expect.json !== undefined && JSON.stringify(json) !== JSON.stringify(expect.json)) {
    problems.push(
      `body ${JSON.stringify(json).slice(0, 300)}, expected ${JSON.stringify(expect.json)}`,
    );
  }
  if (expect.problems !== undefined) problems.push(...judgeProblems(json, expect.problems));
  const extra = expect.body?.(json, state);
  if (extra !== undefined) problems.push(extra);
  return problems;
}

function judgeProblems(json: unknown, want: NonNullable<Expectation['problems']>): string[] {
  const detail = (json as { detail?: unknown }).detail;
  if (!Array.isArray(detail))
    return [`body ${JSON.stringify(json).slice(0, 200)} has no detail list`];
  const got = detail.map((d: { type?: unknown; loc?: unknown; msg?: unknown }) => {
    if (typeof d.msg !== 'string' || d.msg === '') return 'a problem without msg';
    return `${String(d.type)} at ${JSON.stringify(d.loc)}`;
  });
  const expected = want.map(([type, loc]) => `${type} at ${JSON.stringify(loc)}`);
  const a = [...got].sort().join('; ');
  const b = [...expected].sort().join('; ');
  return a === b ? [] : [`problems [${got.join('; ')}], expected [${expected.join('; ')}]`];
}
