/**
 * Build step: writes the shared OpenAPI document to `dist/openapi.json`, so stacks in other
 * languages (servers/python) serve byte-for-byte the document the Node stacks serve.
 * Usage: `node dist/servers/contract/write-openapi.js [output path]`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './openapi.js';

/** `dist/openapi.json`, found from this module's place in `dist/servers/contract/`. */
const defaultOutput = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'openapi.json');

const output = process.argv[2] ?? defaultOutput;
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify(openApiDocument()));
