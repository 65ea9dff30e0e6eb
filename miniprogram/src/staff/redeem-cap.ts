import type { ScannedMember } from '../services/types';

export type ScanRedeemRule = ScannedMember['redeemRule'];

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The most points an order of `payableFen` may use, mirroring the BFF's rule maths (a deduction
 * unit is the fewest points worth whole fen; the discount may not exceed maxShareOfOrder of the
 * amount), limited by the member's points in whole units; 0 when they cannot reach the minimum
 * per use. Only a hint for the cashier: the preview's maxRedeemPoints is the authority.
 */
export function redeemCapOf(rule: ScanRedeemRule, payableFen: number, memberPoints: number): number {
  const unitPoints = rule.pointsPerYuan / gcd(rule.pointsPerYuan, 100);
  const unitFen = (unitPoints * 100) / rule.pointsPerYuan;
  const maxDiscountFen = Math.floor((payableFen * Math.round(rule.maxShareOfOrder * 10_000)) / 10_000);
  const ruleCap = Math.floor(maxDiscountFen / unitFen) * unitPoints;
  const heldCap = Math.floor(Math.max(0, memberPoints) / unitPoints) * unitPoints;
  const cap = Math.min(ruleCap, heldCap);
  return cap < (rule.minPointsPerUse ?? 0) ? 0 : cap;
}
