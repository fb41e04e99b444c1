import { createServer } from 'node:http';
import { createContext, listen } from '../contract/process.js';
import { createApp } from './app.js';

const ctx = createContext('node-http', ['zod', 'off']);
listen(createServer(createApp(ctx)), ctx);
