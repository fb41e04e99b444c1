/**
 * Reading older results files: a version 1 file is upgraded to the current schema before it
 * is validated. Version 1 did not record what reports need (they looked it up at render
 * time), so the upgrade fills it from today's defaults, the same values reports of version 1
 * files always used:
 * - `validityRules`: the rules version 1 applied ({@link VERSION_1_RULES}): the generator-bound
 *   limit of today's defaults (90 %, unchanged), and 80 % of one core as the server's
 *   saturation line (version 1 flagged a trial below it `not-saturated`, it did not
 *   invalidate it; today's default, 95 %, would misstate what those runs did);
 * - `stacks`: labels and the guide's columns from servers/stacks.ts;
 * - `capacity[].sloRules`: the SLO text parsed again (no rules when it does not parse);
 * - `manifest.memory`: a container's working set for `isolation: docker`, else left out.
 * Anything else is left as found, so validation still names every bad field.
 */
import { STACKS } from '../../servers/stacks.js';
import { parseSlo } from '../capacity/slo.js';
import { DEFAULT_RULES } from '../run/validity.js';
import type { SloRule, StackInfo, ValidityRules } from './schema.js';

/** The stacks this checkout knows, as results record them (catalog order, baseline first). */
export function catalogStacks(): StackInfo[] {
  return STACKS.map((s) => ({
    name: s.name,
    label: s.label,
    docs: s.docs,
    runtime: s.runtime,
    serverConfig: s.serverConfig,
  }));
}

/** The validity rules runs apply today. */
export function currentValidityRules(): ValidityRules {
  return { ...DEFAULT_RULES };
}

/** What version 1 runs applied: see the module comment. */
export const VERSION_1_RULES: ValidityRules = {
  serverSaturatedPercent: 80,
  generatorBoundPercent: DEFAULT_RULES.generatorBoundPercent,
};

function sloRulesOf(text: unknown): SloRule[] {
  if (typeof text !== 'string') return [];
  try {
    return parseSlo(text).rules;
  } catch {
    return [];
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A version 1 file as version 2 (see the module comment); any other input is returned as is. */
export function upgradeResults(json: unknown): unknown {
  if (!isObject(json) || json.schemaVersion !== 1) return json;
  const manifest = json.manifest;
  const upgraded: Record<string, unknown> = {
    ...json,
    schemaVersion: 2,
    validityRules: { ...VERSION_1_RULES },
    stacks: catalogStacks(),
  };
  if (isObject(manifest) && manifest.isolation === 'docker' && manifest.memory === undefined) {
    upgraded.manifest = { ...manifest, memory: 'container-working-set' };
  }
  if (Array.isArray(json.capacity)) {
    upgraded.capacity = json.capacity.map((c: unknown) =>
      isObject(c) && c.sloRules === undefined ? { ...c, sloRules: sloRulesOf(c.slo) } : c,
    );
  }
  return upgraded;
}
