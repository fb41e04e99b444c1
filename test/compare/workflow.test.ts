import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const workflow = await readFile('.github/workflows/stackbench-ab.yml', 'utf8');
const code = workflow.replace(/#.*$/gm, '');

describe('the GitHub Actions gate', () => {
  it('runs on pull_request, never pull_request_target, with a read-only token', () => {
    expect(code).toMatch(/^on:\n {2}pull_request:/m);
    expect(code).not.toMatch(/pull_request_target/);
    expect(code).toMatch(/permissions:\n {2}contents: read/);
  });

  it('runs ab against the base branch with full history, and posts markdown to the job summary', () => {
    expect(code).toMatch(/fetch-depth: 0/);
    expect(code).toMatch(
      /npx stackbench ab[\s\S]*--base "origin\/\$\{\{ github\.base_ref \}\}"[\s\S]*--format md --output ab\.md/,
    );
    expect(code).toMatch(
      /if: always\(\)\n\s+run: \|\n\s+if \[ -f ab\.md \]; then cat ab\.md >> "\$GITHUB_STEP_SUMMARY"/,
    );
  });
});
