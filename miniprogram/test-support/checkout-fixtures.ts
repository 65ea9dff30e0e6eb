import type { CheckoutResponse, EarnBreakdown } from '../src/services/types';

/** An earn breakdown as the BFF sends it for a plain order: 1 point per yuan, no multipliers. */
export function plainBreakdown(earnBaseFen: number, overrides: Partial<EarnBreakdown> = {}): EarnBreakdown {
  const points = Math.floor(earnBaseFen / 100);
  return {
    earnBaseFen,
    pointsPerYuan: 1,
    basePoints: points,
    tierMultiplier: 1,
    lines: [{ category: null, amountFen: earnBaseFen, earnBaseFen, multiplier: 1 }],
    campaign: null,
    beforeCapsPoints: points,
    caps: { perOrderCapPoints: null, dailyCapPoints: null, earnedTodayPoints: 0, applied: [] },
    finalPoints: points,
    storeFundedPoints: points,
    hqFundedPoints: 0,
    noEarnReason: null,
    earnRuleId: null,
    earnRuleVersion: 0,
    ...overrides,
  };
}

export const defaultRuleVersion: CheckoutResponse['ruleVersion'] = {
  earnRuleId: null,
  earnRuleVersion: 0,
  earnRuleScope: 'DEFAULT',
  redeemRuleId: null,
  redeemRuleVersion: 0,
};
