/** Reading and writing results files: validated on read, written atomically. */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { Results, SCHEMA_VERSION } from './schema.js';

export class ResultsFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** Reads and validates a results file; the error names every bad field, expected and got. */
export async function readResults(file: string): Promise<Results> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ResultsFileError(
      file,
      `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ResultsFileError(file, `not JSON: ${(error as Error).message}`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== SCHEMA_VERSION) {
    throw new ResultsFileError(
      file,
      `schemaVersion: expected ${SCHEMA_VERSION}, got ${JSON.stringify(version)} (not a stackbench results file, or from another version)`,
    );
  }
  const parsed = Results.safeParse(json);
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
