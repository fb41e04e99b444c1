/** Reading and writing results files: validated on read, written atomically. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { CliError, EXIT } from '../exit-codes.js';
import { upgradeResults } from './migrate.js';
import { Results, SCHEMA_VERSION } from './schema.js';

export class ResultsFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

const READ_HINTS: Record<string, string> = {
  ENOENT:
    'no such file; a run writes <--out folder>/results.json (results/latest/results.json by default)',
  EISDIR: 'it is a folder; give the results.json inside it',
  EACCES: 'permission denied; make it readable (chmod +r) or copy it somewhere readable',
  EPERM: 'permission denied; make it readable (chmod +r) or copy it somewhere readable',
};

/** What is wrong with a results file's schemaVersion, and what to do about it. */
export function versionProblem(version: unknown): string {
  if (typeof version === 'number' && Number.isInteger(version) && version > SCHEMA_VERSION)
    return `schemaVersion: expected ${SCHEMA_VERSION}, got ${version}: written by a newer stackbench; upgrade stackbench (npm install stackbench@latest) to read it`;
  if (
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version >= 1 &&
    version < SCHEMA_VERSION
  )
    return `schemaVersion: expected ${SCHEMA_VERSION}, got ${version}: written by an older stackbench; re-run the measurement with this version to compare with it`;
  return `schemaVersion: expected ${SCHEMA_VERSION}, got ${JSON.stringify(version)}: not a stackbench results file`;
}

/**
 * Reads and validates a results file; the error names every bad field, expected and got.
 * A version 1 file is upgraded first (./migrate.ts).
 */
export async function readResults(file: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ResultsFileError(
      file,
      `cannot read: ${code} (${READ_HINTS[code] ?? 'check the path and its permissions'})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message;
    throw new ResultsFileError(
      file,
      text.trim() === ''
        ? 'the file is empty: it is not a results file; give the results.json a run wrote'
        : `not valid JSON (${detail}): the file is truncated or damaged. stackbench writes results atomically, so a file cut short was copied or edited by hand: copy it again from the run's --out folder, or re-run`,
    );
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION && version !== 1) {
    throw new ResultsFileError(file, versionProblem(version));
  }
  const parsed = Results.safeParse(upgradeResults(json));
  if (!parsed.success) {
    const lines = parsed.error.issues
      .slice(0, 20)
      .map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    const more =
      parsed.error.issues.length > 20 ? `\n  … and ${parsed.error.issues.length - 20} more` : '';
    throw new ResultsFileError(file, `invalid results file:\n${lines.join('\n')}${more}`);
  }
  return parsed.data;
}

/** Writes `results` to `file` atomically: a crash mid-write leaves the previous file intact. */
export async function writeResults(file: string, results: Results): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(results, null, 2)}\n`);
  await rename(tmp, file);
}

const WRITE_PROBLEMS: Record<string, string> = {
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'a file is in the way of the folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'a parent folder is missing and cannot be created',
};

/**
 * A failure to create or write an output folder or file (`--out`), as a usage error that says
 * which path and what to do; undefined for any other error.
 */
export function outputError(error: unknown): CliError | undefined {
  const e = error as NodeJS.ErrnoException;
  if (!(e instanceof Error) || e.path === undefined || e.code === undefined) return undefined;
  if (!['mkdir', 'open', 'write', 'rename', 'mkdtemp', 'symlink'].includes(e.syscall ?? ''))
    return undefined;
  const problem = WRITE_PROBLEMS[e.code];
  if (problem === undefined) return undefined;
  return new CliError(
    `--out: cannot write ${e.path} (${e.code}: ${problem}): choose a folder you can write to with --out DIR`,
    EXIT.USAGE,
  );
}
