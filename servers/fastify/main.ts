import { announce, createContext, exitOnSignal, listenFailed } from '../contract/process.js';
import { buildApp } from './app.js';

const ctx = createContext('fastify', ['zod', 'off', 'native']);
const app = buildApp(ctx);
try {
  await app.listen({ host: ctx.config.HOST, port: ctx.config.PORT });
} catch (error) {
  listenFailed('fastify', ctx.config.HOST, ctx.config.PORT, error);
}
ctx.store.seed(ctx.config.SEED_PRODUCTS);
announce(ctx.config.HOST, app.server.address());
exitOnSignal(() => app.close(), app.server);
