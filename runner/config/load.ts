/**
 * Finding, reading and checking a user config file: YAML (the `yaml` package) or JSON, the
 * schema in schema.ts, then what the schema cannot see (names already taken, scenario files).
 * Every error names the file and the field path, expected and given: exit 3 for a bad file,
 * exit 2 for a `--config` that names none.
 */
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type * as z from 'zod';
import type { StackSpec } from '../../servers/stacks.js';
import { readInputFile } from '../input-file.js';
import { CliError, EXIT, usageError } from '../exit-codes.js';
import { loadScenarioFile, type LoadedScenario } from '../scenarios/load.js';
import { UserConfig, UserStack } from './schema.js';
import { userStack } from './user-stack.js';

/** The names a config file is found under in the current folder, in this order. */
export const CONFIG_NAMES = [
  'stackbench.config.yaml',
  'stackbench.config.yml',
  'stackbench.config.json',
] as const;

export interface LoadedConfig {
  file: string;
  stacks: StackSpec[];
  scenarios: LoadedScenario[];
}

/** What is already known, so a config cannot reuse a name. */
export interface Known {
  stacks: readonly string[];
  scenarios: readonly string[];
}

/** The config file: `--config`'s, else one of CONFIG_NAMES in `cwd`, else none. */
export function findConfig(flag: string | undefined, cwd: string): string | undefined {
  if (flag !== undefined) {
    const file = resolve(cwd, flag);
    if (!existsSync(file))
      throw usageError(`--config: expected a config file (YAML or JSON), got "${flag}": not found`);
    return file;
  }
  const found = CONFIG_NAMES.map((n) => join(cwd, n)).filter((f) => existsSync(f));
  if (found.length > 1)
    throw usageError(
      `found ${found.length} config files in ${cwd} (${found.map((f) => f.slice(cwd.length + 1)).join(', ')}): keep one, or choose with --config`,
    );
  return found[0];
}

const show = (value: unknown): string => {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
};

const fieldsOf = (path: readonly PropertyKey[]): string[] =>
  path.length === 0
    ? Object.keys(UserConfig.shape)
    : path.length === 2 && path[0] === 'stacks'
      ? Object.keys(UserStack.shape)
      : [];

/** One schema problem as `path: what was expected, what was given`. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.') || '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys
        .map(
          (key) =>
            `${issue.path.length > 0 ? `${path}.` : ''}${key}: unknown field (expected one of: ${fieldsOf(issue.path).join(', ')})`,
        )
        .join('\n  ');
    case 'invalid_type':
      return issue.input === undefined
        ? `${path}: required (expected ${issue.expected}), missing`
        : `${path}: expected ${issue.expected}, got ${show(issue.input)}`;
    case 'invalid_value':
      return `${path}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${show(issue.input)}`;
    default:
      return `${path}: ${issue.message}${issue.input !== undefined ? `, got ${show(issue.input)}` : ''}`;
  }
}

function parseText(file: string, text: string): unknown {
  try {
    return extname(file) === '.json' ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (error) {
    throw new CliError(
      `${file}: not valid ${extname(file) === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message.trim()}`,
      EXIT.BAD_INPUT,
    );
  }
}

const invalid = (file: string, problems: string[]) =>
  new CliError(`${file}: invalid config:\n  ${problems.join('\n  ')}`, EXIT.BAD_INPUT);

/** Reads and checks `file`; stack and scenario names must not be in `known`. */
export async function loadConfig(file: string, known: Known): Promise<LoadedConfig> {
  const text = await readInputFile(file);
  // An empty YAML file is null: a config that declares nothing.
  const raw = parseText(file, text) ?? {};
  const parsed = UserConfig.safeParse(raw, { reportInput: true });
  const problems = parsed.success ? [] : parsed.error.issues.map(describeIssue);
  // What the schema cannot see, checked on the raw file too, so every problem shows at once.
  const dir = dirname(file);
  const field = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null
      ? (value as Record<string, unknown>)[key]
      : undefined;
  const listed = (key: string): unknown[] => {
    const value = field(raw, key);
    return Array.isArray(value) ? value : [];
  };
  const seen = new Set<string>();
  listed('stacks').forEach((s, i) => {
    const name = field(s, 'name');
    if (typeof name === 'string') {
      if (known.stacks.includes(name))
        problems.push(
          `stacks.${i}.name: expected a name of your own, got "${name}": a built-in stack has it`,
        );
      else if (seen.has(name))
        problems.push(`stacks.${i}.name: expected a unique name, got "${name}" twice`);
      seen.add(name);
    }
    const cwd = field(s, 'cwd');
    if (typeof cwd === 'string' && cwd !== '' && !existsSync(resolve(dir, cwd)))
      problems.push(
        `stacks.${i}.cwd: expected a folder, got "${cwd}": ${resolve(dir, cwd)} does not exist`,
      );
  });

  const scenarios: LoadedScenario[] = [];
  for (const [i, path] of listed('scenarios').entries()) {
    if (typeof path !== 'string' || path === '') continue;
    const scenarioFile = resolve(dir, path);
    if (!existsSync(scenarioFile)) {
      problems.push(
        `scenarios.${i}: expected a scenario file, got "${path}": ${scenarioFile} not found`,
      );
      continue;
    }
    let loaded: LoadedScenario;
    try {
      loaded = await loadScenarioFile(scenarioFile);
    } catch (error) {
      problems.push(`scenarios.${i}: ${(error as Error).message.replaceAll('\n', '\n  ')}`);
      continue;
    }
    const name = loaded.scenario.name;
    if (known.scenarios.includes(name) || scenarios.some((s) => s.scenario.name === name))
      problems.push(
        `scenarios.${i}: expected a scenario name of your own, got "${name}" (${scenarioFile}): ${known.scenarios.includes(name) ? 'a built-in scenario has it' : 'an earlier file has it'}`,
      );
    else scenarios.push(loaded);
  }
  if (problems.length > 0 || !parsed.success) throw invalid(file, problems);
  return { file, stacks: parsed.data.stacks.map((s) => userStack(s, dir)), scenarios };
}
