import {
  type CheckoutRequest,
  type EarnBreakdown,
  type EarnRule,
  type RedeemRule,
  type RuleResponse,
  redeemCapFor,
  type Tier,
} from '@tongka/shared-types';
import type { MemberCouponRow } from '../coupons/member-coupon-row';
import { type CouponDiscountLine, priceCoupons } from '../coupons/price-coupons';
import { computeEarn } from '../rules/compute-earn';
import { computeRedeem } from '../rules/compute-redeem';
import { AppError } from '../shared/app-error';
import type { MemberRow } from './member-snapshot';

export interface CheckoutPrice {
  couponDiscountFen: number;
  /** Each coupon's part of the discount and who funds it (used and settled by the coupons hook). */
  coupons: CouponDiscountLine[];
  pointsRedeemed: number;
  pointsDiscountFen: number;
  /** The most points this order may use (see maxRedeemPointsOf). */
  maxRedeemPoints: number;
  storedValuePaidFen: number;
  cashDueFen: number;
  earn: EarnBreakdown;
}

export interface PriceContext {
  storeId: string;
  member: MemberRow;
  earnRule: RuleResponse<EarnRule>;
  redeemRule: RuleResponse<RedeemRule>;
  localDate: string;
  earnedTodayPoints: number;
  /** The member's spendable points before this checkout. */
  spendablePoints: number;
  /** The instant of the checkout (coupon windows). */
  at: Date;
  /** The coupons the order names, as loaded (locked) by loadCheckoutCoupons. */
  coupons?: readonly MemberCouponRow[];
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local date. */
export function isoWeekdayOf(localDate: string): number {
  const day = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * What the order costs and earns, before any ledger call (pure given its context): coupons
 * (threshold on the gross amount; see priceCoupons),
 * then points (max share of what is left), then stored value; the cash rest and what stored
 * value paid (if the rule says it earns) are the earn base.
 */
export function priceCheckout(body: CheckoutRequest, context: PriceContext): CheckoutPrice {
  const spends = (body.redeemPoints ?? 0) > 0 || (body.storedValueFen ?? 0) > 0;
  if (spends && context.member.spend_blocked) {
    throw new AppError('MEMBER_BLOCKED', 'This member may not spend points or stored value.', {
      reason: context.member.block_reason,
    });
  }
  const { couponDiscountFen, lines } = priceCoupons(body.couponCodes ?? [], context.coupons ?? [], {
    memberId: context.member.id,
    storeId: context.storeId,
    amountFen: body.amountFen,
    at: context.at,
  });
  const payableFen = body.amountFen - couponDiscountFen;
  const redeem = computeRedeem(context.redeemRule.rule, payableFen, body.redeemPoints ?? 0);
  const storedValuePaidFen = body.storedValueFen ?? 0;
  if (storedValuePaidFen > payableFen - redeem.pointsDiscountFen) {
    throw new AppError('VALIDATION_FAILED', 'Stored value may not pay more than is due.', {
      issues: [{ path: 'body.storedValueFen', message: 'more than the amount due' }],
    });
  }
  const cashDueFen = payableFen - redeem.pointsDiscountFen - storedValuePaidFen;
  const rule = context.earnRule.rule;
  const earn = computeEarn({
    rule,
    ruleRef: { id: context.earnRule.ruleId, version: context.earnRule.version },
    storeId: context.storeId,
    tier: context.member.tier as Tier,
    localDate: context.localDate,
    isoWeekday: isoWeekdayOf(context.localDate),
    amountFen: body.amountFen,
    earnBaseFen: cashDueFen + (rule.storedValueEarns ? storedValuePaidFen : 0),
    items: body.items,
    earnBlocked: Boolean(context.member.earn_blocked),
    earnedTodayPoints: context.earnedTodayPoints,
  });
  return {
    couponDiscountFen,
    coupons: lines,
    pointsRedeemed: redeem.pointsRedeemed,
    pointsDiscountFen: redeem.pointsDiscountFen,
    maxRedeemPoints: maxRedeemPointsOf(context, payableFen),
    storedValuePaidFen,
    cashDueFen,
    earn,
  };
}

/**
 * The rule's cap on this order (computeRedeem's maxPoints) limited by what the member holds, in
 * whole deduction units; 0 when the member may not spend or cannot reach the minimum per use.
 */
export function maxRedeemPointsOf(context: PriceContext, payableFen: number): number {
  if (context.member.spend_blocked) return 0;
  return redeemCapFor(context.redeemRule.rule, payableFen, context.spendablePoints);
}
