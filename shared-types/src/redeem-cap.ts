/**
 * Points-deduction maths shared by the BFF (the authority) and the cashier's page (a hint before
 * preview). Pure, no zod, so the mini-program can import this file alone.
 */
export interface RedeemLimits {
  pointsPerYuan: number;
  maxShareOfOrder: number;
  minPointsPerUse?: number | null;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * A deduction unit is the fewest points worth a whole number of fen (100 points per yuan → 1
 * point = 1 fen; 150 per yuan → 3 points = 2 fen), so every discount is exact.
 */
export function redeemUnit(pointsPerYuan: number): { unitPoints: number; unitFen: number } {
  const unitPoints = pointsPerYuan / gcd(pointsPerYuan, 100);
  return { unitPoints, unitFen: (unitPoints * 100) / pointsPerYuan };
}

/** The rule's cap on an order: the discount may not exceed maxShareOfOrder of it, in whole units. */
export function ruleRedeemCap(rule: RedeemLimits, payableFen: number): number {
  const { unitPoints, unitFen } = redeemUnit(rule.pointsPerYuan);
  const maxDiscountFen = Math.floor((payableFen * Math.round(rule.maxShareOfOrder * 10_000)) / 10_000);
  return Math.floor(maxDiscountFen / unitFen) * unitPoints;
}

/**
 * The most points a member holding `spendablePoints` may use on the order: the rule's cap limited
 * to what they hold, in whole units; 0 when that cannot reach the minimum per use.
 */
export function redeemCapFor(rule: RedeemLimits, payableFen: number, spendablePoints: number): number {
  const { unitPoints } = redeemUnit(rule.pointsPerYuan);
  const held = Math.floor(Math.max(0, spendablePoints) / unitPoints) * unitPoints;
  const cap = Math.min(ruleRedeemCap(rule, payableFen), held);
  return cap < (rule.minPointsPerUse ?? 0) ? 0 : cap;
}
