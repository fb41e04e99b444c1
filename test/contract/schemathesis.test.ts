/**
 * A fuzzer's word on the contract: schemathesis (pinned, installed by
 * scripts/setup-schemathesis.sh) runs every check it has (`--checks all`) against every stack
 * in the registry, in every validation mode the stack has, from the OpenAPI document that
 * stack serves. Any finding fails the test with schemathesis's own report (and a curl line to
 * reproduce it); a disagreement is fixed in servers/contract, never excluded here.
 *
 * In `off` mode the servers trust their input by definition (no validation, responses still
 * projected), so schemathesis sends schema-valid requests only (`--mode positive`): sending
 * invalid data to a mode that promises not to check it would test the premise, not the stack.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STACKS } from '../../servers/stacks.js';
import { PROJECT_ROOT } from '../../runner/paths.js';
import { tethered } from '../../runner/process/tethered.js';
import { launchServer } from '../../runner/servers/launch.js';

const requirements = readFileSync(
  join(PROJECT_ROOT, 'scripts/schemathesis-requirements.txt'),
  'utf8',
);
const version = /^schemathesis==(\S+)/m.exec(requirements)?.[1];
const venv =
  process.env.STACKBENCH_SCHEMATHESIS_VENV ??
  join(
    process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'),
    'stackbench',
    `schemathesis-${version}`,
  );
const schemathesis = join(venv, 'bin', 'schemathesis');

/** Generated cases per operation in the fuzzing phase (coverage and stateful come on top). */
const MAX_EXAMPLES = '60';

function fuzz(url: string, mode: 'all' | 'positive', cwd: string) {
  const command = tethered(schemathesis, [
    'run',
    `${url}/openapi.json`,
    '--checks',
    'all',
    '--mode',
    mode,
    '--max-examples',
    MAX_EXAMPLES,
    '--seed',
    '1',
    '--workers',
    '1',
    '--request-timeout',
    '10',
    '--no-color',
  ]);
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      command.file,
      command.args,
      {
        cwd, // schemathesis keeps a .hypothesis folder in its working directory
        env: { ...process.env, ...command.env, NO_COLOR: '1' },
        timeout: 240_000,
        maxBuffer: 32 << 20,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: unknown }).code ?? -1) : 0,
          output: `${stdout}${stderr}`,
        }),
    );
  });
}

const targets = STACKS.flatMap((stack) =>
  stack.validations.map((validation) => ({ stack: stack.name, validation })),
);

describe(`schemathesis ${version} --checks all`, () => {
  it('is installed (scripts/setup-schemathesis.sh; CI runs it): never skipped', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(schemathesis), `${schemathesis}: run scripts/setup-schemathesis.sh`).toBe(
      true,
    );
  });

  it.each(targets)(
    '$stack ($validation): no finding',
    async ({ stack, validation }) => {
      const server = await launchServer({ stack, validation });
      try {
        const cwd = await mkdtemp(join(tmpdir(), 'sb-schemathesis-'));
        const { code, output } = await fuzz(
          server.url,
          validation === 'off' ? 'positive' : 'all',
          cwd,
        );
        expect(code, output.slice(-20_000)).toBe(0);
        expect(output).toMatch(/No issues found/);
      } finally {
        await server.stop();
      }
    },
    300_000,
  );
});
