/**
 * Holm–Bonferroni adjusted p-values (Holm, "A simple sequentially rejective multiple
 * test procedure", Scand. J. Statist. 6, 1979), the same values as R's
 * `p.adjust(p, method = "holm")`.
 *
 * With the m p-values sorted ascending, p(1) ≤ … ≤ p(m), the adjusted value of p(i) is
 * min(1, max over j ≤ i of (m − j + 1)·p(j)). Rejecting every hypothesis whose adjusted
 * p is below α is exactly Holm's step-down procedure at family-wise error rate α.
 *
 * @param pValues - raw p-values, each in [0, 1]
 * @returns the adjusted p-values in the same order as the input (`[]` for `[]`)
 * @throws RangeError when a p-value is not a number in [0, 1]
 */
export function holm(pValues: readonly number[]): number[] {
  const index = pValues.findIndex((p) => !(p >= 0 && p <= 1));
  if (index !== -1) {
    throw new RangeError(
      `Expected every p-value to be in [0, 1], got ${String(pValues[index])} at index ${index}`,
    );
  }
  const m = pValues.length;
  // Sort positions by p; ties keep input order (Array.prototype.sort is stable).
  const order = pValues
    .map((_, i) => i)
    .sort((i, j) => (pValues[i] as number) - (pValues[j] as number));
  const adjusted = new Array<number>(m);
  let runningMax = 0;
  order.forEach((position, rank) => {
    const scaled = Math.min(1, (m - rank) * (pValues[position] as number));
    runningMax = Math.max(runningMax, scaled);
    adjusted[position] = runningMax;
  });
  return adjusted;
}
