import { createServer } from 'node:http';
import { createContext, listen } from '../contract/process.js';
import { createApp } from './app.js';

const ctx = createContext('express', ['zod', 'off']);
listen(createServer(createApp(ctx)), ctx);
