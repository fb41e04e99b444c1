/** Named run profiles: what `npm run bench` (quick) and a careful study (thorough) measure. */
import type { ValidationMode } from '../../servers/contract/schemas.js';

export interface Profile {
  description: string;
  scenarios: readonly string[];
  validations: readonly ValidationMode[];
  rounds: number;
  durationS: number;
  warmupS: number;
  connections: number;
}

export const PROFILES = {
  quick: {
    description:
      'all stacks, json/get-product/create-product, zod and off, 3 rounds of 2 s (≤ 5 min on 2 cores)',
    scenarios: ['json', 'get-product', 'create-product'],
    validations: ['zod', 'off'],
    rounds: 3,
    durationS: 2,
    warmupS: 1,
    connections: 32,
  },
  thorough: {
    description: 'all stacks, every scenario, every validation mode, 7 rounds of 10 s',
    scenarios: [
      'json',
      'get-product',
      'list-products',
      'create-product',
      'create-invalid',
      'mixed',
    ],
    validations: ['zod', 'off', 'native'],
    rounds: 7,
    durationS: 10,
    warmupS: 3,
    connections: 32,
  },
} as const satisfies Record<string, Profile>;

export type ProfileName = keyof typeof PROFILES;
export const PROFILE_NAMES = Object.keys(PROFILES) as ProfileName[];
