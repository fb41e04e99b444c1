/** The contract's fixed response bodies and HTTP-level rules, shared by every stack. */

export const BODY_LIMIT_BYTES = 64 * 1024;

export const NOT_FOUND = { detail: 'Not Found' } as const;
export const METHOD_NOT_ALLOWED = { detail: 'Method Not Allowed' } as const;
export const PAYLOAD_TOO_LARGE = { detail: 'Payload Too Large' } as const;
export const UNSUPPORTED_MEDIA_TYPE = { detail: 'Unsupported Media Type' } as const;
export const INTERNAL_SERVER_ERROR = { detail: 'Internal Server Error' } as const;

export const HELLO = { message: 'Hello, World!' } as const;
export const HEALTH_OK = { status: 'ok' } as const;
export const READY = { status: 'ready' } as const;
export const NOT_READY = { status: 'starting' } as const;

export const productNotIndexed = (id: number | string) => ({ detail: `Product ${id} not indexed` });
export const RECORD_MISSING = { detail: 'Record missing' } as const;

/** True for `application/json`, with or without parameters, in any letter case. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const semi = header.indexOf(';');
  const type = (semi === -1 ? header : header.slice(0, semi)).trim().toLowerCase();
  return type === 'application/json';
}

/** Every route of the contract with the methods it answers; the rest get 405 with `Allow`. */
export const ROUTES = [
  { path: '/json', methods: ['GET', 'HEAD'] },
  { path: '/health', methods: ['GET', 'HEAD'] },
  { path: '/ready', methods: ['GET', 'HEAD'] },
  { path: '/openapi.json', methods: ['GET', 'HEAD'] },
  { path: '/catalog/products', methods: ['GET', 'HEAD', 'POST'] },
  { path: '/catalog/products/:id', methods: ['GET', 'HEAD', 'DELETE'] },
] as const;

export const allowHeader = (methods: readonly string[]): string => methods.join(', ');

/** The methods stacks must answer with 405 on a known route (everything but theirs). */
export const OTHER_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
