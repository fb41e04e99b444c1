/** Loads and checks scenario files: every problem, with file and path, reported at once. */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readInputFile } from '../input-file.js';
import { CliError, EXIT } from '../exit-codes.js';
import { PROJECT_ROOT } from '../paths.js';
import { Scenario } from './schema.js';

export interface LoadedScenario {
  scenario: Scenario;
  file: string;
  /** sha256 of the file's bytes (first 16 hex digits), for manifests and comparisons. */
  hash: string;
  /** The file's text, for drivers that run the scenario in another process. */
  text: string;
}

/** The project's scenarios/ folder. */
export const scenariosDir = (): string => join(PROJECT_ROOT, 'scenarios');

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)(?:\.([a-z][a-z0-9_]*))?\}/gi;

/** Problems the schema cannot see: unknown variables, saved names used before being saved. */
function crossCheck(scenario: Scenario): string[] {
  const problems: string[] = [];
  const saved = new Set<string>();
  scenario.sequence.forEach((step, i) => {
    const texts = [step.path, JSON.stringify(step.body ?? null)];
    for (const text of texts) {
      for (const [, name, field] of text.matchAll(PLACEHOLDER)) {
        if (name === undefined) continue;
        if (field !== undefined) {
          if (!saved.has(name))
            problems.push(
              `sequence.${i}.path: "{${name}.${field}}" uses "${name}", which no earlier step saves`,
            );
        } else if (!(name in scenario.variables)) {
          problems.push(
            `sequence.${i}: "{${name}}" is not a declared variable (declared: ${Object.keys(scenario.variables).join(', ') || 'none'})`,
          );
        }
      }
    }
    if (step.save !== undefined) saved.add(step.save);
  });
  for (const [name, variable] of Object.entries(scenario.variables)) {
    if ('int' in variable && variable.int[0] > variable.int[1])
      problems.push(
        `variables.${name}.int: min ${variable.int[0]} is above max ${variable.int[1]}`,
      );
    if ('float' in variable && variable.float[0] > variable.float[1])
      problems.push(`variables.${name}.float: min is above max`);
  }
  return problems;
}

export function parseScenario(file: string, text: string): LoadedScenario {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not valid JSON: ${(error as Error).message}`, EXIT.BAD_INPUT);
  }
  const parsed = Scenario.safeParse(json);
  const problems = parsed.success
    ? crossCheck(parsed.data)
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  if (parsed.success && parsed.data.name !== basename(file, '.json')) {
    problems.push(
      `name: expected "${basename(file, '.json')}" (the file name), got "${parsed.data.name}"`,
    );
  }
  if (problems.length > 0 || !parsed.success) {
    throw new CliError(`${file}: invalid scenario:\n  ${problems.join('\n  ')}`, EXIT.BAD_INPUT);
  }
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return { scenario: parsed.data, file, hash, text };
}

export async function loadScenarioFile(file: string): Promise<LoadedScenario> {
  const text = await readInputFile(file);
  return parseScenario(file, text);
}

/** Scenario files from elsewhere (a user's config file), added after the project's own. */
const registered: LoadedScenario[] = [];

/** Adds a scenario loaded from outside scenarios/ (its name checked unique by the caller). */
export function registerScenario(scenario: LoadedScenario): void {
  registered.push(scenario);
}

/** Every scenario in `dir` (default: the project's scenarios/, then the registered ones), by name. */
export async function loadScenarios(dir?: string): Promise<Map<string, LoadedScenario>> {
  const folder = dir ?? scenariosDir();
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  const loaded = await Promise.all(files.map((f) => loadScenarioFile(join(folder, f))));
  if (dir === undefined) loaded.push(...registered);
  return new Map(loaded.map((l) => [l.scenario.name, l]));
}
