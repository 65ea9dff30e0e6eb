import { z } from 'zod';
import {
  FenSchema,
  IdSchema,
  IsoDateTimeSchema,
  ListQuerySchema,
  LocalDateSchema,
  PointsSchema,
  PositiveFenSchema,
  UlidSchema,
} from './common';
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
export const SubscriptionPurposeSchema = z.enum(['points-changed', 'points-expiring', 'coupon-received']);
export type SubscriptionPurpose = z.infer<typeof SubscriptionPurposeSchema>;
/** GET /api/me/subscriptions: the templates this mini-program uses and the member's unused accepts of each. */
export const SubscriptionListResponseSchema = z.object({
  templates: z.array(
    z.object({ purpose: SubscriptionPurposeSchema, templateId: z.string(), acceptedCount: z.number().int() }),
  ),
});
export type SubscriptionListResponse = z.infer<typeof SubscriptionListResponseSchema>;

/** Store ids in paths are canonical ULIDs: `/api/stores/<id in lower case>/…` is refused, not matched loosely. */
export const StoreParamsSchema = z.object({ storeId: UlidSchema }).strict();
export const CheckoutParamsSchema = z.object({ storeId: UlidSchema, checkoutId: IdSchema }).strict();

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
    amountFen: PositiveFenSchema,
    items: z
      .array(CheckoutItemSchema)
      .min(1)
      .max(200)
      .optional()
      .describe("The order's lines; when given, their amountFen must add up to the order's amountFen."),
    couponCodes: z.array(z.string().min(1).max(64)).max(10).optional(),
    redeemPoints: PointsSchema.optional(),
    storedValueFen: FenSchema.optional(),
    /** A manager's approval code, needed when a staff member checks out their own card above the HQ threshold. */
    selfSaleApprovalCode: z
      .string()
      .regex(/^\d{6}$/, 'must be the 6-digit approval code')
      .optional(),
    /** The member's approval, needed when the deduction is above HQ's member-approval rule. */
    memberApprovalId: IdSchema.optional(),
  })
  .strict()
  .refine((body) => !body.items || body.items.reduce((sum, item) => sum + item.amountFen, 0) === body.amountFen, {
    message: 'items must add up to amountFen',
    path: ['items'],
  })
  .describe('A checkout. When items are given, the sum of their amountFen must equal amountFen (else 400).');
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
  /**
   * A staff member's sale to their own member card: flagged for the risk report; above the HQ
   * threshold it needs a manager's approval code (the preview says so instead of refusing).
   */
  selfSale: z.object({
    selfSale: z.boolean(),
    approvalRequired: z.boolean(),
    approved: z.boolean(),
    approvalAboveFen: z.number().int(),
  }),
  /**
   * Points or stored value above HQ's member-approval rule need the member's own approval
   * (memberApprovalId); the preview says so instead of refusing.
   */
  memberApproval: z
    .object({
      approvalRequired: z.boolean(),
      approved: z.boolean(),
      pointsAbove: z.number().int(),
      storedValueAboveFen: z.number().int(),
    })
    .optional(),
});
export type CheckoutResponse = z.infer<typeof CheckoutResponseSchema>;

export const RefundRequestSchema = z.object({ amountFen: PositiveFenSchema.optional() }).strict();
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

/**
 * POST .../refund/preview: what the refund with this body would do, computed by the refund's own
 * code path in a transaction that is rolled back (nothing written, no refundId). `refundableFen`
 * is what is left of the order before this refund.
 */
export const RefundPreviewResponseSchema = RefundResponseSchema.omit({ refundId: true }).extend({
  refundableFen: z.number().int(),
});
export type RefundPreviewResponse = z.infer<typeof RefundPreviewResponseSchema>;

const SalesSplitSchema = z.object({ count: z.number().int(), amountFen: z.number().int() });
/** The day view pages newest first (API.md lists: `limit` 1–100, default 20, and `cursor`). */
export const CheckoutListQuerySchema = ListQuerySchema.extend({ date: LocalDateSchema.optional() }).strict();
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
  /** The member's phone, masked (138****1234); null when the member has not bound one. */
  memberPhoneMasked: z.string().nullable(),
  staffMemberId: z.string(),
  refundedFen: z.number().int(),
  createdAt: IsoDateTimeSchema,
  refunds: z.array(RefundResponseSchema.extend({ createdAt: IsoDateTimeSchema })),
});
/** One page of the day, newest first; `totals` always cover the whole day, whatever the page. */
export const CheckoutListResponseSchema = z.object({
  date: LocalDateSchema,
  items: z.array(CheckoutListItemSchema),
  nextCursor: z.string().nullable(),
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

/** POST /api/stores/:storeId/self-sale-approvals (manager): a single-use code for one staff self-sale. */
export const SelfSaleApprovalRequestSchema = z.object({ maxAmountFen: PositiveFenSchema }).strict();
export type SelfSaleApprovalRequest = z.infer<typeof SelfSaleApprovalRequestSchema>;
export const SelfSaleApprovalResponseSchema = z.object({
  approvalCode: z.string(),
  maxAmountFen: z.number().int(),
  expiresAt: IsoDateTimeSchema,
});
export type SelfSaleApprovalResponse = z.infer<typeof SelfSaleApprovalResponseSchema>;
