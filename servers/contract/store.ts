/**
 * The in-memory catalog store with deterministic seed data. Records carry internal fields
 * (`cost_price`, `audit`) that exist to prove every stack projects its responses: none of
 * them may ever reach a client (the guide's pitfall 7).
 */
import type { Product, ProductInput } from './schemas.js';

export interface ProductRecord extends Product {
  cost_price: number;
  audit: { created_by: string; created_at: string };
}

export const CATEGORY_COUNT = 10;

/** Seed record `id` (1-based): category `c0`…`c9` round robin, prices that vary. */
export function seedRecord(id: number): ProductRecord {
  const unitPrice = Math.round((5 + ((id * 37) % 995) + (id % 100) / 100) * 100) / 100;
  return {
    id,
    sku: `SKU-${String(id).padStart(6, '0')}`,
    title: `Product ${id}`,
    unit_price: unitPrice,
    inventory_count: (id * 13) % 500,
    category: `c${(id - 1) % CATEGORY_COUNT}`,
    cost_price: Math.round(unitPrice * 60) / 100,
    audit: { created_by: 'seed', created_at: '2025-01-01T00:00:00.000Z' },
  };
}

/** Copies only the public fields, in contract order. */
export function toProduct(record: ProductRecord): Product {
  return {
    id: record.id,
    sku: record.sku,
    title: record.title,
    unit_price: record.unit_price,
    inventory_count: record.inventory_count,
    category: record.category,
  };
}

export class CatalogStore {
  /** Insertion order is id order: ids only grow, so iteration is ascending. */
  private readonly records = new Map<number, ProductRecord>();
  private nextId = 1;
  ready = false;

  seed(count: number): void {
    for (let id = 1; id <= count; id++) this.records.set(id, seedRecord(id));
    this.nextId = count + 1;
    this.ready = true;
  }

  create(input: ProductInput): Product {
    const record: ProductRecord = {
      id: this.nextId++,
      sku: input.sku,
      title: input.title,
      unit_price: input.unit_price,
      inventory_count: input.inventory_count,
      category: input.category,
      cost_price: input.unit_price * 0.6,
      audit: { created_by: 'api', created_at: new Date().toISOString() },
    };
    this.records.set(record.id, record);
    return toProduct(record);
  }

  get(id: number): Product | undefined {
    const record = this.records.get(id);
    return record === undefined ? undefined : toProduct(record);
  }

  delete(id: number): boolean {
    return this.records.delete(id);
  }

  /** One page of products in ascending id order, optionally of one category. */
  list(category: string | undefined, page: number, pageSize: number): Product[] {
    const skip = (page - 1) * pageSize;
    const out: Product[] = [];
    let seen = 0;
    for (const record of this.records.values()) {
      if (category !== undefined && record.category !== category) continue;
      if (seen++ < skip) continue;
      out.push(toProduct(record));
      if (out.length === pageSize) break;
    }
    return out;
  }

  get size(): number {
    return this.records.size;
  }
}
