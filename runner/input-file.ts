/** Reading a file the user named (a config, a scenario): a clear error when it cannot be read. */
import { readFile } from 'node:fs/promises';
import { CliError, EXIT } from './exit-codes.js';

/** The text of `file`, or a bad-input error naming it and why it could not be read. */
export async function readInputFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `${file}: cannot read: ${(error as NodeJS.ErrnoException).code}`,
      EXIT.BAD_INPUT,
    );
  }
}
