/** `ab --base-stack/--head-stack`: which flag combinations are refused, and how (no server). */
import { describe, expect, it } from 'vitest';
import { pairCells, stackPair } from '../../runner/ab/stack-pair.js';

describe('stackPair', () => {
  it('git refs: --base, no pair', () => {
    expect(stackPair({ base: 'main' })).toBeUndefined();
  });

  it('neither --base nor a pair', () => {
    expect(() => stackPair({})).toThrow(
      '--base: required: a git ref (--base main), or two stacks (--base-stack A --head-stack B)',
    );
  });

  it('two stacks', () => {
    expect(stackPair({ baseStack: 'express', headStack: 'fastify' })).toEqual({
      base: 'express',
      head: 'fastify',
    });
  });

  it('refuses half a pair, a pair with git refs or --stack, unknown and equal stacks', () => {
    expect(() => stackPair({ baseStack: 'express' })).toThrow(
      '--base-stack and --head-stack: expected both, got only --base-stack',
    );
    expect(() => stackPair({ base: 'main', baseStack: 'express', headStack: 'hono' })).toThrow(
      '--base cannot be combined with --base-stack/--head-stack',
    );
    expect(() => stackPair({ stack: 'hono', baseStack: 'express', headStack: 'hono' })).toThrow(
      '--stack cannot be combined with --base-stack/--head-stack',
    );
    expect(() => stackPair({ baseStack: 'express', headStack: 'nope' })).toThrow(
      /^--head-stack: expected one of node-http, express, .*, got "nope"$/,
    );
    expect(() => stackPair({ baseStack: 'hono', headStack: 'hono' })).toThrow(
      '--base-stack and --head-stack: expected two different stacks, got "hono" twice',
    );
  });
});

describe('pairCells', () => {
  const cell = (validation: 'zod' | 'off' | 'native') => ({
    stack: 'fastify',
    scenario: 'json',
    validation,
  });

  it('keeps the modes the base stack has too', () => {
    // fastify has zod, off and native; express zod and off.
    expect(pairCells({ base: 'express', head: 'fastify' }, [cell('zod'), cell('native')])).toEqual([
      cell('zod'),
    ]);
  });

  it('none left: a usage error naming the modes', () => {
    expect(() => pairCells({ base: 'express', head: 'fastify' }, [cell('native')])).toThrow(
      '--base-stack express: it supports none of the validation modes planned for fastify (native)',
    );
  });
});
