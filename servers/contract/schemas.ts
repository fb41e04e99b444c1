/**
 * The catalog contract's schemas (docs/design.md §3), shared by every stack. zod is the single
 * source: the `zod` validation mode runs these, Fastify's `native` mode compiles their
 * JSON Schema, and the OpenAPI document is generated from them.
 */
import * as z from 'zod';

export const ProductInput = z.object({
  sku: z.string().min(3).max(20),
  title: z.string(),
  unit_price: z.number().gt(0),
  inventory_count: z.int().min(0).default(0),
  category: z.string().nullable().default(null),
});
export type ProductInput = z.output<typeof ProductInput>;

export const Product = z.strictObject({
  id: z.int(),
  sku: z.string(),
  title: z.string(),
  unit_price: z.number(),
  inventory_count: z.int(),
  category: z.string().nullable(),
});
export type Product = z.output<typeof Product>;

/** The response keys, in the order every stack must send them. */
export const PRODUCT_KEYS = [
  'id',
  'sku',
  'title',
  'unit_price',
  'inventory_count',
  'category',
] as const;

/** Query strings arrive as text; a repeated parameter counts by its first value. */
const firstValue = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);
const queryInt = (min: number, max: number | undefined, fallback: number) => {
  const n = z.coerce.number().int().min(min);
  return z.preprocess(firstValue, (max === undefined ? n : n.max(max)).default(fallback));
};

export const ListQuery = z.object({
  category: z.preprocess(firstValue, z.string().optional()),
  page: queryInt(1, undefined, 1),
  page_size: queryInt(1, 100, 20),
});
export type ListQuery = z.output<typeof ListQuery>;

export const ProductId = z.coerce.number().int();

export const ValidationIssue = z.object({
  type: z.string(),
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
});
export type ValidationIssue = z.output<typeof ValidationIssue>;

export const ValidationErrorBody = z.object({ detail: z.array(ValidationIssue) });
export type ValidationErrorBody = z.output<typeof ValidationErrorBody>;

export const ErrorBody = z.object({ detail: z.string() });

export const VALIDATION_MODES = ['zod', 'off', 'native'] as const;
export type ValidationMode = (typeof VALIDATION_MODES)[number];
