/** Every subcommand, one file each; each file's `register` adds its command and options. */
import type { Command } from 'commander';
import { addConfigFlag } from '../config/flag.js';
import { register as ab } from './ab.js';
import { register as capacity } from './capacity.js';
import { register as compare } from './compare.js';
import { register as drivers } from './drivers.js';
import { register as exportCommand } from './export.js';
import { register as importCommand } from './import.js';
import { register as list } from './list.js';
import { register as report } from './report.js';
import { register as run } from './run.js';
import { register as serve } from './serve.js';
import { register as setup } from './setup.js';
import { register as sweep } from './sweep.js';
import { register as verify } from './verify.js';

export function registerCommands(program: Command): void {
  for (const register of [
    run,
    report,
    compare,
    ab,
    serve,
    setup,
    verify,
    list,
    drivers,
    capacity,
    sweep,
    exportCommand,
    importCommand,
  ])
    register(program);
  addConfigFlag(program);
}
