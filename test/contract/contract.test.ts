/**
 * The contract suite: every stack in the registry that serves the catalog, in every
 * validation mode it declares, started by its own launch command on port 0 (after its setup,
 * e.g. the Python environment) and checked over real HTTP. Then every stack is compared with
 * node-http: for the same requests, the same statuses and bodies (a native validator's 422
 * bodies keep their own words; see runner/verify/baseline.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationMode } from '../../servers/contract/schemas.js';
import { STACKS } from '../../servers/stacks.js';
import { launchServer, type RunningServer } from '../../runner/servers/launch.js';
import { checksFor } from '../../runner/verify/checks.js';
import { type Exchange, runCheck } from '../../runner/verify/run-checks.js';
import {
  BASELINE_STACK,
  baselineMode,
  differenceFromBaseline,
} from '../../runner/verify/baseline.js';

const recorded = new Map<string, Exchange[]>();
/** While developing one stack: CONTRACT_STACKS=express npx vitest run test/contract */
const only = process.env.CONTRACT_STACKS?.split(',');
const stacks = STACKS.filter(
  (s) =>
    s.capabilities.catalog &&
    (only === undefined || only.includes(s.name) || s.name === BASELINE_STACK),
);

for (const stack of stacks) {
  for (const mode of stack.validations as readonly ValidationMode[]) {
    describe(`${stack.name} (validation ${mode})`, () => {
      let server: RunningServer;
      const exchanges: Exchange[] = [];
      beforeAll(async () => {
        server = await launchServer({ stack: stack.name, validation: mode });
      });
      afterAll(async () => {
        recorded.set(`${stack.name}/${mode}`, exchanges);
        await server?.stop();
      });

      for (const check of checksFor(mode)) {
        it(check.name, async () => {
          const { outcome, exchanges: got } = await runCheck(server.url, check);
          exchanges.push(...got);
          expect(
            outcome.failure,
            outcome.failure && `${outcome.failure.request}: ${outcome.failure.problems.join('; ')}`,
          ).toBeUndefined();
        });
      }
    });
  }
}

describe('stacks answer alike', () => {
  for (const stack of stacks.filter((s) => s.name !== BASELINE_STACK)) {
    for (const mode of stack.validations as readonly ValidationMode[]) {
      it(`${stack.name} (validation ${mode}) answers as node-http (validation ${baselineMode(mode)}) does`, () => {
        const baseline = recorded.get(`${BASELINE_STACK}/${baselineMode(mode)}`);
        expect(baseline?.length).toBeGreaterThan(40);
        const exchanges = recorded.get(`${stack.name}/${mode}`);
        expect(exchanges, `${stack.name} ran no checks`).toBeDefined();
        expect(exchanges?.length).toBe(baseline?.length);
        const diff = differenceFromBaseline(baseline ?? [], exchanges ?? [], mode);
        expect(
          diff,
          `${stack.name} differs from node-http: ${JSON.stringify(diff, null, 1)}`,
        ).toBeUndefined();
      });
    }
  }

  it.runIf(stacks.some((s) => s.name === 'fastify'))(
    'fastify native validation answers the same statuses as zod validation',
    () => {
      const zod = recorded.get('fastify/zod') ?? [];
      const native = recorded.get('fastify/native') ?? [];
      expect(native.length).toBe(zod.length);
      const statuses = (list: Exchange[]) => list.map((e) => `${e.request} → ${e.status}`);
      expect(statuses(native)).toEqual(statuses(zod));
    },
  );
});
