import { type RedeemRule, redeemUnit, ruleRedeemCap } from '@tongka/shared-types';
import { AppError } from '../shared/app-error';

export interface RedeemPlan {
  pointsRedeemed: number;
  pointsDiscountFen: number;
  /** Smallest number of points that buys a whole fen of discount. */
  unitPoints: number;
  maxPoints: number;
}

/**
 * How many points a checkout may redeem and what discount they give (pure; specs beside). The
 * unit and cap maths are shared-types' redeem-cap, which the cashier's page uses too.
 */
export function computeRedeem(rule: RedeemRule, payableFen: number, redeemPoints: number): RedeemPlan {
  const { unitPoints, unitFen } = redeemUnit(rule.pointsPerYuan);
  const maxPoints = ruleRedeemCap(rule, payableFen);
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
