import { describe, expect, it } from 'vitest';
import { holm } from '../../runner/stats/holm.js';

describe('holm', () => {
  it('matches the worked example of the Wikipedia article "Holm–Bonferroni method"', () => {
    // Four hypotheses at α = 0.05 with p = 0.01, 0.04, 0.03, 0.005 (H1…H4). The article
    // rejects H4 (0.005 < 0.05/4) and H1 (0.01 < 0.05/3), then stops at H3
    // (0.03 ≥ 0.05/2), so H2 and H3 are not rejected.
    // Adjusted values by hand: sorted 0.005, 0.01, 0.03, 0.04 → ×4, ×3, ×2, ×1 =
    // 0.02, 0.03, 0.06, 0.04 → running maximum 0.02, 0.03, 0.06, 0.06.
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    adjusted.forEach((p, i) => expect(p).toBeCloseTo(expected[i]!, 14));
    expect(adjusted.map((p) => p < 0.05)).toEqual([true, false, false, true]);
  });

  it('caps at 1 and keeps equal p-values equal', () => {
    // Sorted 0.2, 0.3, 0.3 → ×3, ×2, ×1 = 0.6, 0.6, 0.3 → running max 0.6, 0.6, 0.6.
    const adjusted = holm([0.3, 0.2, 0.3]);
    adjusted.forEach((p) => expect(p).toBeCloseTo(0.6, 14));
    expect(adjusted[0]).toBe(adjusted[2]);
    // Sorted 0.4, 0.6 → 0.8, 0.6 → 0.8, 0.8; 0.5·3 = 1.5 → capped at 1.
    expect(holm([0.6, 0.4])).toEqual([0.8, 0.8]);
    expect(holm([0.5, 0.5, 0.5])).toEqual([1, 1, 1]);
  });

  it('leaves a single p-value alone and handles no p-values', () => {
    expect(holm([0.03])).toEqual([0.03]);
    expect(holm([])).toEqual([]);
  });

  it('rejects values that are not p-values', () => {
    expect(() => holm([0.1, 1.2])).toThrow(
      /Expected every p-value to be in \[0, 1\], got 1.2 at index 1/,
    );
    expect(() => holm([Number.NaN])).toThrow(RangeError);
  });
});
