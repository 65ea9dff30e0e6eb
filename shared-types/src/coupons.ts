import { z } from 'zod';
import { FenSchema, IdSchema, IsoDateTimeSchema, ListQuerySchema, listOf } from './common';
import { TierSchema } from './rules';

export const CouponTypeSchema = z.enum(['AMOUNT_OFF', 'PERCENT_OFF', 'GIFT']);
export type CouponType = z.infer<typeof CouponTypeSchema>;

const PositiveFen = FenSchema.refine((value) => value > 0, 'must be positive');
const PositiveCount = z.number().int().min(1).max(100_000_000);

/**
 * POST /api/admin/coupon-templates. `percentOff` is the share taken off (20 = 20 % off, 8折);
 * validity is fixed (validFrom–validUntil) or relative (validDays after claim, to 23:59:59 of the
 * last day in chain time). `fundedBy` names who pays the discount: HQ (default) or a store.
 */
export const CouponTemplateRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    type: CouponTypeSchema,
    thresholdFen: FenSchema,
    valueFen: PositiveFen.optional(),
    percentOff: z.number().int().min(1).max(99).optional(),
    maxDiscountFen: PositiveFen.optional(),
    validFrom: IsoDateTimeSchema.optional(),
    validUntil: IsoDateTimeSchema.optional(),
    validDays: z.number().int().min(1).max(3660).optional(),
    storeIds: z.array(IdSchema).min(1).max(500).optional(),
    stock: PositiveCount.optional(),
    perMemberLimit: z.number().int().min(1).max(1000).optional(),
    claimable: z.boolean(),
    stackable: z.boolean().optional(),
    fundedBy: IdSchema.optional(),
    /** Whether a member may give the coupon to a friend (once); default true. */
    giftable: z.boolean().optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (body.type === 'AMOUNT_OFF' && body.valueFen === undefined) issue('valueFen', 'required for AMOUNT_OFF');
    if (body.type === 'GIFT' && body.valueFen === undefined) issue('valueFen', 'the gift’s value is required for GIFT');
    if (body.type === 'PERCENT_OFF' && body.percentOff === undefined) issue('percentOff', 'required for PERCENT_OFF');
    if (body.type !== 'PERCENT_OFF' && body.percentOff !== undefined) issue('percentOff', 'only for PERCENT_OFF');
    if (body.type !== 'PERCENT_OFF' && body.maxDiscountFen !== undefined)
      issue('maxDiscountFen', 'only for PERCENT_OFF');
    const fixed = body.validUntil !== undefined;
    if (fixed === (body.validDays !== undefined)) issue('validUntil', 'give either validUntil or validDays');
    if (body.validFrom && body.validUntil && body.validFrom >= body.validUntil)
      issue('validUntil', 'must be after validFrom');
    if (
      body.type === 'AMOUNT_OFF' &&
      body.valueFen !== undefined &&
      body.thresholdFen > 0 &&
      body.valueFen > body.thresholdFen
    ) {
      issue('valueFen', 'may not exceed thresholdFen');
    }
  });
export type CouponTemplateRequest = z.infer<typeof CouponTemplateRequestSchema>;

export const CouponTemplateStatusSchema = z.enum(['active', 'paused', 'ended']);

export const CouponTemplateSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: CouponTypeSchema,
  thresholdFen: z.number().int(),
  valueFen: z.number().int().optional(),
  percentOff: z.number().int().optional(),
  maxDiscountFen: z.number().int().optional(),
  validFrom: IsoDateTimeSchema.optional(),
  validUntil: IsoDateTimeSchema.optional(),
  validDays: z.number().int().optional(),
  storeIds: z.array(z.string()).optional(),
  stock: z.number().int().optional(),
  issued: z.number().int(),
  perMemberLimit: z.number().int().optional(),
  claimable: z.boolean(),
  stackable: z.boolean(),
  fundedBy: z.string(),
  giftable: z.boolean(),
  status: CouponTemplateStatusSchema,
});
export type CouponTemplate = z.infer<typeof CouponTemplateSchema>;
export const CouponTemplateListSchema = listOf(CouponTemplateSchema);
export type CouponTemplateList = z.infer<typeof CouponTemplateListSchema>;

/**
 * PUT /api/admin/coupon-templates/:id: pause, resume or end it; change its stock (never below what
 * is out); allow or stop gifts between members (coupons already given stay where they are).
 */
export const CouponTemplateUpdateSchema = z
  .object({
    status: CouponTemplateStatusSchema.optional(),
    stock: PositiveCount.optional(),
    giftable: z.boolean().optional(),
  })
  .strict()
  .refine(
    (body) => body.status !== undefined || body.stock !== undefined || body.giftable !== undefined,
    'give status, stock or giftable',
  );
export type CouponTemplateUpdate = z.infer<typeof CouponTemplateUpdateSchema>;

export const TemplateParamsSchema = z.object({ id: IdSchema }).strict();

/** POST /api/admin/coupon-templates/:id/issue: exactly one target. */
export const CouponIssueRequestSchema = z
  .object({
    memberIds: z.array(IdSchema).min(1).max(10_000).optional(),
    tier: TierSchema.optional(),
    all: z.literal(true).optional(),
  })
  .strict()
  .refine((body) => [body.memberIds, body.tier, body.all].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of memberIds, tier, all',
  });
export type CouponIssueRequest = z.infer<typeof CouponIssueRequestSchema>;

export const CouponIssueSchema = z.object({
  issueId: z.string(),
  templateId: z.string(),
  status: z.enum(['running', 'done']),
  /** Members targeted (known at the start); done counts those handled, issued the coupons given. */
  total: z.number().int(),
  done: z.number().int(),
  issued: z.number().int(),
  stoppedBy: z.enum(['STOCK']).nullable(),
  finishedAt: IsoDateTimeSchema.nullable(),
});
export type CouponIssue = z.infer<typeof CouponIssueSchema>;

/** A member coupon (API.md), with its status and whether it ends within three days. */
export const MemberCouponSchema = z.object({
  id: z.string(),
  code: z.string(),
  templateId: z.string(),
  name: z.string(),
  type: CouponTypeSchema,
  thresholdFen: z.number().int(),
  valueFen: z.number().int().optional(),
  percentOff: z.number().int().optional(),
  maxDiscountFen: z.number().int().optional(),
  validFrom: IsoDateTimeSchema,
  validUntil: IsoDateTimeSchema,
  storeIds: z.array(z.string()).optional(),
  stackable: z.boolean(),
  status: z.enum(['available', 'used', 'expired']),
  expiringSoon: z.boolean(),
  usedAt: IsoDateTimeSchema.nullable(),
  usedStoreId: z.string().nullable(),
  /** The member may give it to a friend now: available, its template giftable, not itself a gift. */
  giftable: z.boolean(),
  /** It came from a friend (a received coupon cannot be given on). */
  receivedAsGift: z.boolean(),
});
export type MemberCoupon = z.infer<typeof MemberCouponSchema>;

/** POST /api/me/coupons/:id/gift (Idempotency-Key): to the friend whose 邀请码 this is. */
export const CouponGiftRequestSchema = z.object({ recipientCode: z.string().trim().min(1).max(32) }).strict();
export type CouponGiftRequest = z.infer<typeof CouponGiftRequestSchema>;
export const CouponGiftResponseSchema = z.object({
  giftId: z.string(),
  couponId: z.string(),
  name: z.string(),
  recipientCodeMasked: z.string(),
  createdAt: IsoDateTimeSchema,
});
export type CouponGiftResponse = z.infer<typeof CouponGiftResponseSchema>;
export const MemberCouponListSchema = listOf(MemberCouponSchema);

export const MemberCouponQuerySchema = ListQuerySchema.extend({
  status: z.enum(['available', 'used', 'expired']).default('available'),
}).strict();
export const CouponIdParamsSchema = z.object({ id: IdSchema }).strict();

/** GET /api/coupons/center: what the member may claim now, and how many more of each. */
export const CouponCenterItemSchema = CouponTemplateSchema.omit({ issued: true, status: true, claimable: true }).extend(
  {
    stockLeft: z.number().int().nullable(),
    claimedByMe: z.number().int(),
    canClaim: z.boolean(),
  },
);
export const CouponCenterSchema = z.object({ items: z.array(CouponCenterItemSchema) });
export type CouponCenterItem = z.infer<typeof CouponCenterItemSchema>;

export const CouponClaimRequestSchema = z.object({ templateId: IdSchema }).strict();
export type CouponClaimRequest = z.infer<typeof CouponClaimRequestSchema>;

export const CouponRedeemRequestSchema = z.object({ couponCode: z.string().min(1).max(64) }).strict();

/** Why a coupon cannot be used on this order (COUPON_NOT_USABLE details.rule). */
export const CouponRuleSchema = z.enum([
  'NOT_FOUND',
  'NOT_YOURS',
  'USED',
  'EXPIRED',
  'NOT_YET_VALID',
  'STORE_SCOPE',
  'THRESHOLD',
  'STACKING',
  'TYPE',
  'DUPLICATE',
]);
export type CouponRule = z.infer<typeof CouponRuleSchema>;
