/**
 * Which contract route a raw URL names, the way the node:http reference matches it (exact
 * path, an id segment without `/`). A framework's router answers the normal cases; stacks
 * use this for the rest: 405 for a known path with another method, URLs a router refuses.
 */
import { ROUTES } from './errors.js';

const PRODUCT_PREFIX = '/catalog/products/';
const STATIC = new Map<string, readonly string[]>(
  ROUTES.filter((route) => !route.path.includes(':')).map((route) => [route.path, route.methods]),
);
const PRODUCT = ROUTES.find((route) => route.path === `${PRODUCT_PREFIX}:id`)?.methods ?? [];

export interface KnownRoute {
  methods: readonly string[];
  /** The product id as node:http reads it: percent-decoded, or raw when that fails. */
  id?: string;
}

export function knownRoute(url: string): KnownRoute | undefined {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const methods = STATIC.get(path);
  if (methods !== undefined) return { methods };
  if (path.startsWith(PRODUCT_PREFIX) && path.indexOf('/', PRODUCT_PREFIX.length) === -1) {
    const id = safeDecode(path.slice(PRODUCT_PREFIX.length));
    if (id !== '') return { methods: PRODUCT, id };
  }
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
