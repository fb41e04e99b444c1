/**
 * The CORS policy (the guide's pitfall 4): an explicit allow-list, never `*`. Each stack
 * wires it into its own idiomatic CORS support; these values are the single source.
 */
export const DEFAULT_CORS_ORIGINS = ['https://admin.internal.corp'];

export interface CorsPolicy {
  origins: readonly string[];
  methods: readonly string[];
  allowedHeaders: readonly string[];
  maxAgeSeconds: number;
}

export function corsPolicy(origins: readonly string[] = DEFAULT_CORS_ORIGINS): CorsPolicy {
  return {
    origins,
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-ID'],
    maxAgeSeconds: 600,
  };
}

export function isAllowedOrigin(policy: CorsPolicy, origin: string | undefined): origin is string {
  return origin !== undefined && policy.origins.includes(origin);
}
