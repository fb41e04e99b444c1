/** The server process's environment (docs/design.md §3), validated with every problem named. */
import * as z from 'zod';
import { DEFAULT_CORS_ORIGINS } from './cors.js';
import { VALIDATION_MODES } from './schemas.js';

const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  VALIDATION: z.enum(VALIDATION_MODES).default('zod'),
  CORS_ORIGINS: z
    .string()
    .default(DEFAULT_CORS_ORIGINS.join(','))
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    ),
  SEED_PRODUCTS: z.coerce.number().int().min(0).max(10_000_000).default(1000),
});

export type ServerConfig = z.output<typeof EnvSchema>;

/** Reads the environment; throws an Error naming each bad variable, expected and given. */
export function readServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `  ${name}: ${issue.message} (got ${JSON.stringify(env[name])})`;
  });
  throw new Error(`invalid server environment:\n${lines.join('\n')}`);
}
