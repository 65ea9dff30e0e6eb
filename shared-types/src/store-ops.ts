import { z } from 'zod';
import { FenSchema, IdSchema, IsoDateTimeSchema, LocalDateSchema, PointsSchema } from './common';
import { MemberCouponSchema } from './coupons';
import { FundedBySchema, TierSchema } from './rules';

/** GET /api/me/member-code-secret and its rotation (API.md, member code). */
export const MemberCodeSecretResponseSchema = z.object({
  memberCodeId: z.number().int(),
  secret: z.string(),
  algorithm: z.literal('TOTP-SHA256'),
  digits: z.literal(8),
  period: z.literal(30),
  prefix: z.literal('66'),
});
export type MemberCodeSecretResponse = z.infer<typeof MemberCodeSecretResponseSchema>;

export const SubscriptionRequestSchema = z
  .object({ templateId: z.string().min(1).max(64), accepted: z.boolean() })
  .strict();
export type SubscriptionRequest = z.infer<typeof SubscriptionRequestSchema>;
export const SubscriptionResponseSchema = z.object({ templateId: z.string(), acceptedCount: z.number().int() });
/** What each subscribe-message template is for (the app asks for them by purpose). */
export const SubscriptionPurposeSchema = z.enum(['points-changed', 'points-expiring']);
export type SubscriptionPurpose = z.infer<typeof SubscriptionPurposeSchema>;
/** GET /api/me/subscriptions: the templates this mini-program uses and the member's unused accepts of each. */
export const SubscriptionListResponseSchema = z.object({
  templates: z.array(
    z.object({ purpose: SubscriptionPurposeSchema, templateId: z.string(), acceptedCount: z.number().int() }),
  ),
});
export type SubscriptionListResponse = z.infer<typeof SubscriptionListResponseSchema>;

export const StoreParamsSchema = z.object({ storeId: IdSchema }).strict();
export const CheckoutParamsSchema = z.object({ storeId: IdSchema, checkoutId: IdSchema }).strict();

export const ScanRequestSchema = z.object({ code: z.string().min(1).max(64) }).strict();
export type ScanRequest = z.infer<typeof ScanRequestSchema>;

export const ScanMemberSchema = z.object({
  id: z.string(),
  tier: TierSchema,
  phoneMasked: z.string().nullable(),
  homeStoreId: z.string().nullable(),
  homeStoreName: z.string().nullable(),
  points: z.number().int(),
  storedValueFen: z.number().int(),
  pointsDebt: z.number().int(),
  /** Blocked members may still be served; they cannot spend (spendBlocked) or earn (earnBlocked). */
  earnBlocked: z.boolean(),
  spendBlocked: z.boolean(),
  /** The member's coupons usable at this store now (threshold and stacking depend on the order). */
  coupons: z.array(MemberCouponSchema),
  /**
   * The redeem rule in force, so the till can show the points cap as soon as an amount is typed;
   * the checkout preview's maxRedeemPoints stays the authority.
   */
  redeemRule: z.object({
    pointsPerYuan: z.number().int(),
    maxShareOfOrder: z.number(),
    minPointsPerUse: z.number().int().nullable(),
  }),
});
export const ScanResponseSchema = z.object({
  scanId: z.string(),
  expiresAt: IsoDateTimeSchema,
  member: ScanMemberSchema,
});
export type ScanResponse = z.infer<typeof ScanResponseSchema>;

export const CheckoutItemSchema = z
  .object({
    sku: z.string().min(1).max(64).optional(),
    category: z.string().min(1).max(40).optional(),
    amountFen: FenSchema,
  })
  .strict();
export type CheckoutItem = z.infer<typeof CheckoutItemSchema>;

export const CheckoutRequestSchema = z
  .object({
    scanId: IdSchema,
    orderRef: z.string().min(1).max(64),
    amountFen: FenSchema.refine((value) => value > 0, 'must be positive'),
    items: z.array(CheckoutItemSchema).min(1).max(200).optional(),
    couponCodes: z.array(z.string().min(1).max(64)).max(10).optional(),
    redeemPoints: PointsSchema.optional(),
    storedValueFen: FenSchema.optional(),
  })
  .strict()
  .refine((body) => !body.items || body.items.reduce((sum, item) => sum + item.amountFen, 0) === body.amountFen, {
    message: 'items must add up to amountFen',
    path: ['items'],
  });
export type CheckoutRequest = z.infer<typeof CheckoutRequestSchema>;

export const EarnLineSchema = z.object({
  category: z.string().nullable(),
  amountFen: z.number().int(),
  earnBaseFen: z.number().int(),
  multiplier: z.number(),
});
export const EarnBreakdownSchema = z.object({
  earnBaseFen: z.number().int(),
  pointsPerYuan: z.number(),
  basePoints: z.number().int(),
  tierMultiplier: z.number(),
  lines: z.array(EarnLineSchema),
  campaign: z.object({ name: z.string(), multiplier: z.number(), fundedBy: FundedBySchema }).nullable(),
  beforeCapsPoints: z.number().int(),
  caps: z.object({
    perOrderCapPoints: z.number().int().nullable(),
    dailyCapPoints: z.number().int().nullable(),
    /** Points already earned today (chain time); read only when the rule has a daily cap, else 0. */
    earnedTodayPoints: z.number().int(),
    applied: z.array(z.enum(['PER_ORDER', 'DAILY'])),
  }),
  finalPoints: z.number().int(),
  storeFundedPoints: z.number().int(),
  hqFundedPoints: z.number().int(),
  noEarnReason: z.enum(['EARN_BLOCKED', 'BELOW_MIN_ORDER', 'NOTHING_PAID']).nullable(),
  earnRuleId: z.string().nullable(),
  earnRuleVersion: z.number().int(),
});
export type EarnBreakdown = z.infer<typeof EarnBreakdownSchema>;

export const RuleVersionRefSchema = z.object({
  earnRuleId: z.string().nullable(),
  earnRuleVersion: z.number().int(),
  earnRuleScope: z.string(),
  redeemRuleId: z.string().nullable(),
  redeemRuleVersion: z.number().int(),
});

export const CheckoutResponseSchema = z.object({
  checkoutId: z.string(),
  orderRef: z.string(),
  amountFen: z.number().int(),
  couponDiscountFen: z.number().int(),
  pointsRedeemed: z.number().int(),
  pointsDiscountFen: z.number().int(),
  /**
   * The most points this order may use: the redeem rule's cap on this amount, limited by the
   * points the member could spend before this checkout (0 when spend-blocked or below the minimum).
   */
  maxRedeemPoints: z.number().int(),
  storedValuePaidFen: z.number().int(),
  cashDueFen: z.number().int(),
  pointsEarned: z.number().int(),
  earnBreakdown: EarnBreakdownSchema,
  ruleVersion: RuleVersionRefSchema,
  member: z.object({ points: z.number().int(), storedValueFen: z.number().int(), tier: TierSchema }),
});
export type CheckoutResponse = z.infer<typeof CheckoutResponseSchema>;

export const RefundRequestSchema = z
  .object({ amountFen: FenSchema.refine((value) => value > 0, 'must be positive').optional() })
  .strict();
export type RefundRequest = z.infer<typeof RefundRequestSchema>;

export const RefundResponseSchema = z.object({
  refundId: z.string(),
  refundedFen: z.number().int(),
  cashRefundFen: z.number().int(),
  pointsReturned: z.number().int(),
  pointsClawedBack: z.number().int(),
  pointsDebt: z.number().int(),
  /** Earned points still in their pending period that this refund voided (never spendable, so no clawback). */
  pointsPendingVoided: z.number().int(),
  storedValueReturnedFen: z.number().int(),
  couponsRestored: z.boolean(),
});
export type RefundResponse = z.infer<typeof RefundResponseSchema>;

const SalesSplitSchema = z.object({ count: z.number().int(), amountFen: z.number().int() });
export const CheckoutListQuerySchema = z.object({ date: LocalDateSchema.optional() }).strict();
/** A line of the staff day view: the checkout's money facts (as answered at checkout) and its refunds. */
export const CheckoutListItemSchema = CheckoutResponseSchema.pick({
  checkoutId: true,
  orderRef: true,
  amountFen: true,
  couponDiscountFen: true,
  pointsRedeemed: true,
  pointsDiscountFen: true,
  storedValuePaidFen: true,
  cashDueFen: true,
  pointsEarned: true,
}).extend({
  memberId: z.string(),
  /** The member's home store at the time of the sale (null for sales recorded before it was kept). */
  memberHomeStoreId: z.string().nullable(),
  /** True when the member's home store is this store; false for members of other stores of the chain. */
  homeMember: z.boolean(),
  staffMemberId: z.string(),
  refundedFen: z.number().int(),
  createdAt: IsoDateTimeSchema,
  refunds: z.array(RefundResponseSchema.extend({ createdAt: IsoDateTimeSchema })),
});
export const CheckoutListResponseSchema = z.object({
  date: LocalDateSchema,
  items: z.array(CheckoutListItemSchema),
  totals: z.object({
    count: z.number().int(),
    amountFen: z.number().int(),
    cashDueFen: z.number().int(),
    pointsEarned: z.number().int(),
    pointsRedeemed: z.number().int(),
    storedValuePaidFen: z.number().int(),
    refundedFen: z.number().int(),
    /** Sales split between this store's own members and members whose home store is elsewhere. */
    homeMembers: SalesSplitSchema,
    visitingMembers: SalesSplitSchema,
  }),
});
export type CheckoutListResponse = z.infer<typeof CheckoutListResponseSchema>;
