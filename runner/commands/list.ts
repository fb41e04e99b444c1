/** `stackbench list`: the stacks, scenarios and profiles a run can use. */
import type { Command } from 'commander';
import { STACKS } from '../../servers/stacks.js';
import { loadScenarios } from '../scenarios/load.js';
import { PROFILES } from '../run/profiles.js';

export async function list(json: boolean): Promise<void> {
  const scenarios = [...(await loadScenarios()).values()].map(({ scenario, hash }) => ({
    name: scenario.name,
    description: scenario.description,
    validations: scenario.validations ?? 'all',
    steps: scenario.sequence.length,
    hash,
  }));
  const stacks = STACKS.map((s) => ({ name: s.name, label: s.label, validations: s.validations }));
  if (json) {
    console.log(JSON.stringify({ stacks, scenarios, profiles: PROFILES }, null, 2));
    return;
  }
  console.log('Stacks:');
  for (const s of stacks)
    console.log(
      `  ${s.name.padEnd(12)} ${s.label.padEnd(22)} validation: ${s.validations.join(', ')}`,
    );
  console.log('\nScenarios:');
  for (const s of scenarios) console.log(`  ${s.name.padEnd(15)} ${s.description}`);
  console.log('\nProfiles:');
  for (const [name, p] of Object.entries(PROFILES))
    console.log(`  ${name.padEnd(9)} ${p.description}`);
}
export function register(program: Command): void {
  program
    .command('list')
    .description('list stacks, scenarios and profiles')
    .option('--json', 'machine-readable output')
    .action(async (options: { json?: boolean }) => {
      await list(options.json === true);
    });
}
