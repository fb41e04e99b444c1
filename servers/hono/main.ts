import { createAdaptorServer } from '@hono/node-server';
import type { Server } from 'node:http';
import { createContext, listen } from '../contract/process.js';
import { createApp } from './app.js';

const ctx = createContext('hono', ['zod', 'off']);
const app = createApp(ctx);
listen(createAdaptorServer({ fetch: app.fetch }) as Server, ctx);
