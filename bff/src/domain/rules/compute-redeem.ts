import type { RedeemRule } from '@tongka/shared-types';
import { AppError } from '../shared/app-error';

export interface RedeemPlan {
  pointsRedeemed: number;
  pointsDiscountFen: number;
  /** Smallest number of points that buys a whole fen of discount. */
  unitPoints: number;
  maxPoints: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * How many points a checkout may redeem and what discount they give (pure; specs beside).
 * A deduction unit is the fewest points worth a whole number of fen (100 points per yuan → 1
 * point = 1 fen; 150 per yuan → 3 points = 2 fen), so the discount is always exact. The discount
 * may not exceed maxShareOfOrder of the payable amount (floored to whole units).
 */
export function computeRedeem(rule: RedeemRule, payableFen: number, redeemPoints: number): RedeemPlan {
  const unitPoints = rule.pointsPerYuan / gcd(rule.pointsPerYuan, 100);
  const unitFen = (unitPoints * 100) / rule.pointsPerYuan;
  const maxDiscountFen = Math.floor((payableFen * Math.round(rule.maxShareOfOrder * 10_000)) / 10_000);
  const maxPoints = Math.floor(maxDiscountFen / unitFen) * unitPoints;
  if (redeemPoints === 0) return { pointsRedeemed: 0, pointsDiscountFen: 0, unitPoints, maxPoints };
  const details = { redeemPoints, unitPoints, maxPoints, minPointsPerUse: rule.minPointsPerUse ?? 0 };
  if (redeemPoints % unitPoints !== 0) {
    throw new AppError('REDEEM_LIMIT_EXCEEDED', `Points are redeemed in multiples of ${unitPoints}.`, details);
  }
  if (redeemPoints > maxPoints) {
    throw new AppError('REDEEM_LIMIT_EXCEEDED', `At most ${maxPoints} points may be redeemed on this order.`, details);
  }
  if (rule.minPointsPerUse !== undefined && redeemPoints < rule.minPointsPerUse) {
    throw new AppError('REDEEM_LIMIT_EXCEEDED', `Redeem at least ${rule.minPointsPerUse} points at a time.`, details);
  }
  return {
    pointsRedeemed: redeemPoints,
    pointsDiscountFen: (redeemPoints / unitPoints) * unitFen,
    unitPoints,
    maxPoints,
  };
}
