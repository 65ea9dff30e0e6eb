import { ApiError } from '../services/http';

/** The redeem rule's limits for one order amount, as the BFF states them when it refuses a redeem. */
export interface RedeemLimit {
  amountFen: number;
  maxPoints: number;
  unitPoints: number;
  minPointsPerUse: number;
}

const whole = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;

/**
 * The preview answers no redeem maximum up front; a refused redeem (`REDEEM_LIMIT_EXCEEDED`)
 * carries it in its details. Null for any other failure or when the details lack the numbers.
 */
export function redeemLimitOf(failure: unknown, amountFen: number): RedeemLimit | null {
  if (!(failure instanceof ApiError) || failure.code !== 'REDEEM_LIMIT_EXCEEDED') return null;
  const details = (failure.details ?? {}) as Record<string, unknown>;
  const maxPoints = whole(details.maxPoints);
  if (maxPoints === null) return null;
  return {
    amountFen,
    maxPoints,
    unitPoints: whole(details.unitPoints) ?? 1,
    minPointsPerUse: whole(details.minPointsPerUse) ?? 0,
  };
}

export function describeRedeemLimit(limit: RedeemLimit): string {
  const parts = [`本单最多可用 ${limit.maxPoints} 积分抵扣`];
  if (limit.unitPoints > 1) parts.push(`须为 ${limit.unitPoints} 的整数倍`);
  if (limit.minPointsPerUse > 0) parts.push(`每次至少 ${limit.minPointsPerUse} 积分`);
  return `${parts.join('，')}。`;
}
