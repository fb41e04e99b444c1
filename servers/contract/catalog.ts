/**
 * The catalog's route logic, framework-neutral: each stack's HTTP layer parses the request
 * its own way, calls these, and sends the `Reply`. Keeping this shared is what makes a
 * difference in the numbers a difference between frameworks.
 */
import { productNotIndexed, RECORD_MISSING } from './errors.js';
import { jsonInvalid, validationError, zodProblems } from './problems.js';
import { ListQuery, ProductId, ProductInput } from './schemas.js';
import type { CatalogStore } from './store.js';

export interface Reply {
  status: number;
  body?: unknown;
}

/**
 * How a handler treats input: `zod` validates it with the shared schemas; `trusted` takes
 * it as given (validation `off`, or `native` after the framework's own validator ran).
 */
export type InputPolicy = 'zod' | 'trusted';

type QueryValues = Record<string, unknown>;

const first = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
const asObject = (body: unknown): Record<string, unknown> =>
  body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};

/** Trusted input: defaults applied, nothing checked. */
function trustedInput(body: unknown): ProductInput {
  const input = asObject(body);
  return {
    sku: input.sku as string,
    title: input.title as string,
    unit_price: input.unit_price as number,
    inventory_count: (input.inventory_count as number | undefined) ?? 0,
    category: (input.category as string | null | undefined) ?? null,
  };
}

function trustedQuery(query: QueryValues): ListQuery {
  const category = first(query.category);
  return {
    category: typeof category === 'string' ? category : undefined,
    page: Number(first(query.page)) || 1,
    page_size: Number(first(query.page_size)) || 20,
  };
}

export class CatalogApi {
  constructor(
    readonly store: CatalogStore,
    readonly input: InputPolicy,
  ) {}

  create(body: unknown): Reply {
    let product: ProductInput;
    if (this.input === 'zod') {
      const parsed = ProductInput.safeParse(body);
      if (!parsed.success) {
        return { status: 422, body: validationError(zodProblems(parsed.error, body, 'body')) };
      }
      product = parsed.data;
    } else {
      product = trustedInput(body);
    }
    return { status: 201, body: this.store.create(product) };
  }

  list(query: QueryValues): Reply {
    let q: ListQuery;
    if (this.input === 'zod') {
      const parsed = ListQuery.safeParse(query);
      if (!parsed.success) {
        return { status: 422, body: validationError(zodProblems(parsed.error, query, 'query')) };
      }
      q = parsed.data;
    } else {
      q = trustedQuery(query);
    }
    return { status: 200, body: this.store.list(q.category, q.page, q.page_size) };
  }

  get(rawId: string | number): Reply {
    const id = this.id(rawId);
    if (typeof id !== 'number') return id;
    const product = this.store.get(id);
    return product === undefined
      ? { status: 404, body: productNotIndexed(id) }
      : { status: 200, body: product };
  }

  remove(rawId: string | number): Reply {
    const id = this.id(rawId);
    if (typeof id !== 'number') return id;
    return this.store.delete(id) ? { status: 204 } : { status: 404, body: RECORD_MISSING };
  }

  private id(raw: string | number): number | Reply {
    if (this.input === 'trusted') return Number(raw);
    const parsed = ProductId.safeParse(raw);
    if (parsed.success) return parsed.data;
    return {
      status: 422,
      body: validationError(zodProblems(parsed.error, raw, 'path', ['id'])),
    };
  }
}

/** The Reply for a body that failed to parse as JSON. */
export const JSON_INVALID_REPLY: Reply = { status: 422, body: jsonInvalid() };
