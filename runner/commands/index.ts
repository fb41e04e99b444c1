/** Every subcommand, one file each; each file's `register` adds its command and options. */
import type { Command } from 'commander';
import { register as ab } from './ab.js';
import { register as compare } from './compare.js';
import { register as drivers } from './drivers.js';
import { register as list } from './list.js';
import { register as run } from './run.js';
import { register as serve } from './serve.js';
import { register as verify } from './verify.js';

export function registerCommands(program: Command): void {
  for (const register of [run, compare, ab, serve, verify, list, drivers]) register(program);
}
