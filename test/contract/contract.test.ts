/**
 * The contract suite: every stack, in every validation mode it supports, started as its real
 * compiled server on port 0 and checked over real HTTP. Then the stacks are compared with
 * each other: for the same requests, every stack must answer the same statuses and bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationMode } from '../../servers/contract/schemas.js';
import { STACKS } from '../../servers/stacks.js';
import { launchServer, type RunningServer } from '../../runner/servers/launch.js';
import { checksFor } from '../../runner/verify/checks.js';
import { type Exchange, firstDifference, runCheck } from '../../runner/verify/run-checks.js';

const recorded = new Map<string, Exchange[]>();
/** While developing one stack: CONTRACT_STACKS=express npx vitest run test/contract */
const only = process.env.CONTRACT_STACKS?.split(',');
const stacks = STACKS.filter((s) => only === undefined || only.includes(s.name));

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
  for (const mode of ['zod', 'off'] as const) {
    it(`every stack answers as node-http does (validation ${mode})`, () => {
      const baseline = recorded.get(`node-http/${mode}`);
      expect(baseline?.length).toBeGreaterThan(40);
      for (const stack of stacks) {
        const exchanges = recorded.get(`${stack.name}/${mode}`);
        expect(exchanges, `${stack.name} ran no checks`).toBeDefined();
        const diff = firstDifference(baseline ?? [], exchanges ?? []);
        expect(
          diff,
          `${stack.name} differs from node-http: ${JSON.stringify(diff, null, 1)}`,
        ).toBeUndefined();
      }
    });
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
