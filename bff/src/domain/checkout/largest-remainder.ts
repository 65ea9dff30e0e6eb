/**
 * Splits an integer `total` across `weights` in proportion, exactly (the parts add up to total):
 * every part gets floor(total × weight / Σweights), then the units left over go one each to the
 * largest remainders, ties to the lower index. No part exceeds its weight when total ≤ Σweights.
 * Exact integer arithmetic (BigInt), so the split is deterministic on every platform.
 */
export function splitLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (sum === 0) return weights.map((_, index) => (index === 0 ? total : 0));
  const bigTotal = BigInt(total);
  const bigSum = BigInt(sum);
  const parts = weights.map((weight) => (bigTotal * BigInt(weight)) / bigSum);
  const remainders = weights.map((weight, index) => ({ index, rest: (bigTotal * BigInt(weight)) % bigSum }));
  let left = total - parts.reduce((acc, part) => acc + Number(part), 0);
  remainders.sort((a, b) => (a.rest === b.rest ? a.index - b.index : a.rest > b.rest ? -1 : 1));
  for (const { index } of remainders) {
    if (left <= 0) break;
    parts[index] += 1n;
    left -= 1;
  }
  return parts.map(Number);
}

/** floor(value × numerator / denominator) in exact integer arithmetic. */
export function mulDivFloor(value: number, numerator: number, denominator: number): number {
  return Number((BigInt(value) * BigInt(numerator)) / BigInt(denominator));
}
