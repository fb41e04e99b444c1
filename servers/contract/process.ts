/**
 * The server process contract (docs/design.md §3): one `listening on http://HOST:PORT` line when
 * ready, no per-request logging, SIGTERM closes and exits 0 within 2 s.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readServerConfig, type ServerConfig } from './config.js';
import { CatalogApi } from './catalog.js';
import { openApiDocument } from './openapi.js';
import type { ValidationMode } from './schemas.js';
import { CatalogStore } from './store.js';

export const SHUTDOWN_GRACE_MS = 1500;

/** Everything a stack's app needs, built the same way for every stack. */
export interface AppContext {
  config: ServerConfig;
  store: CatalogStore;
  api: CatalogApi;
  /** The OpenAPI document, serialised once at startup. */
  openApiJson: string;
}

/** Reads the environment, refusing a validation mode the stack does not have. */
export function createContext(stack: string, modes: readonly ValidationMode[]): AppContext {
  let config: ServerConfig;
  try {
    config = readServerConfig();
    if (!modes.includes(config.VALIDATION)) {
      throw new Error(
        `${stack} does not support VALIDATION=${config.VALIDATION} (it supports ${modes.join(', ')})`,
      );
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const store = new CatalogStore();
  const api = new CatalogApi(store, config.VALIDATION === 'zod' ? 'zod' : 'trusted');
  return { config, store, api, openApiJson: JSON.stringify(openApiDocument()) };
}

export function announce(host: string, address: AddressInfo | string | null): void {
  const port = typeof address === 'object' && address !== null ? address.port : address;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  console.log(`listening on http://${shownHost}:${port}`);
}

/** On SIGTERM or SIGINT: stop accepting, close, exit 0; force-exit after the grace period. */
export function exitOnSignal(close: () => Promise<void>, server?: Server): void {
  const stop = () => {
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    server?.closeIdleConnections();
    close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/**
 * One line for a failed listen, saying what to do, then exit 2 (a bad setting, as a bad
 * VALIDATION is): a taken port, or no free port left in the local range.
 */
export function listenFailed(stack: string, host: string, port: number, error: unknown): never {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  const hint =
    port === 0 && (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL')
      ? 'no free port is left: the local port range is exhausted (sockets in TIME_WAIT, or a narrow net.ipv4.ip_local_port_range); wait a minute or widen the range'
      : code === 'EADDRINUSE'
        ? 'the port is taken: choose another port (--port / PORT), or 0 for a free one'
        : code === 'EADDRNOTAVAIL'
          ? `${host} is not an address of this machine: choose another host (--host / HOST)`
          : code === 'EACCES'
            ? 'ports below 1024 need privileges: choose a port of 1024 or more'
            : 'check HOST and PORT';
  console.error(`${stack}: cannot listen on ${host}:${port}: ${code}: ${hint}`);
  process.exit(2);
}

/** Listens with a plain node:http server (node-http, Express, Hono's adapter), seeds, announces. */
export function listen(server: Server, ctx: AppContext, stack = 'server'): void {
  server.once('error', (error) => listenFailed(stack, ctx.config.HOST, ctx.config.PORT, error));
  server.listen(ctx.config.PORT, ctx.config.HOST, () => {
    ctx.store.seed(ctx.config.SEED_PRODUCTS);
    announce(ctx.config.HOST, server.address());
  });
  exitOnSignal(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
    server,
  );
}
