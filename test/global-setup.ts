import { execFileSync } from 'node:child_process';

/** The suites start compiled servers: compile first so they never test stale JavaScript. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    stdio: 'inherit',
  });
}
