import { z } from 'zod';
import { LocalDateSchema } from './common';

/**
 * Coupon and rewards reports (`GET /api/admin/reports/coupons|rewards?from&to[&format=csv]`): a
 * period of chain-time dates, both included. A coupon counts as issued (HQ batch issue) or claimed
 * (by the member) on its creation day, redeemed on its use day, expired on the last day of its
 * validity once that has passed unused; a reward exchange counts on its day, a pickup on its day.
 */
export const CouponReportItemSchema = z.object({
  templateId: z.string(),
  name: z.string(),
  type: z.string(),
  /** 'HQ' or the funding store's id. */
  fundedBy: z.string(),
  issued: z.number().int(),
  claimed: z.number().int(),
  redeemed: z.number().int(),
  expired: z.number().int(),
  /** redeemed ÷ (issued + claimed) in the period, capped at 1 (0 when none were given out). */
  redemptionRate: z.number().min(0).max(1),
  /** Discount (a gift coupon: its value) given at redemption, in fen. */
  discountFen: z.number().int(),
});
export type CouponReportItem = z.infer<typeof CouponReportItemSchema>;
export const CouponFunderTotalSchema = z.object({
  fundedBy: z.string(),
  redeemed: z.number().int(),
  discountFen: z.number().int(),
});
export const CouponReportSchema = z.object({
  from: LocalDateSchema,
  to: LocalDateSchema,
  items: z.array(CouponReportItemSchema),
  /** Redemptions and discount per funder (HQ, or each funding store). */
  funders: z.array(CouponFunderTotalSchema),
});
export type CouponReport = z.infer<typeof CouponReportSchema>;

export const RewardReportItemSchema = z.object({
  rewardId: z.string(),
  name: z.string(),
  /** Exchanges made in the period (cancelled cash-part exchanges not counted) and their quantity. */
  exchanges: z.number().int(),
  quantity: z.number().int(),
  pointsSpent: z.number().int(),
  cashFen: z.number().int(),
  /** Quantity picked up in the period, per pickup store. */
  fulfilled: z.array(z.object({ storeId: z.string(), quantity: z.number().int() })),
  fulfilledQuantity: z.number().int(),
  /** Quantity of the period's exchanges still waiting (ready for pickup, or cash part unpaid). */
  pendingQuantity: z.number().int(),
});
export type RewardReportItem = z.infer<typeof RewardReportItemSchema>;
export const RewardReportSchema = z.object({
  from: LocalDateSchema,
  to: LocalDateSchema,
  items: z.array(RewardReportItemSchema),
});
export type RewardReport = z.infer<typeof RewardReportSchema>;
