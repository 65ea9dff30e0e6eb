import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, LocalDateSchema } from './common';

/** Referral codes, rebates, staff sharers and fraud review (API.md "Member", "HQ"; issue #12). */

/** Referral codes: 6–8 characters of an alphabet without 0/O, 1/I/L (read aloud, typed from posters). */
export const REFERRAL_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{6,8}$/;
export const ReferralCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .pipe(z.string().regex(REFERRAL_CODE_PATTERN, 'must be 6–8 characters of 2-9 and A-Z without I, L, O'));

/** The share card's path: the mini-program's entry page with `r=CODE`. */
export function referralSharePath(code: string): string {
  return `/pages/index/index?r=${code}`;
}

const BpsSchema = z.number().int().min(0).max(10_000);

export const ReferralRuleSchema = z
  .object({
    level1Bps: BpsSchema,
    level2Bps: BpsSchema,
    asset: z.enum(['POINTS', 'CNY']),
    /** The refund window: a rebate confirms this many whole shop days after the purchase. */
    windowDays: z.number().int().min(0).max(90),
    /** At most this much (in the rule's asset) per referrer per calendar month, all levels together. */
    monthlyCapPerReferrer: z.number().int().min(0).max(100_000_000).optional(),
    /**
     * A clerk's (or manager's) sign-ups: on the referee's paid purchases within `withinDays` of
     * joining, the clerk gets `bps` of the paid amount in points, or as a commission in fen
     * recorded for payroll (no payout), instead of the member's level-1 rebate.
     */
    staffReward: z
      .object({
        kind: z.enum(['POINTS', 'COMMISSION']),
        bps: BpsSchema,
        withinDays: z.number().int().min(1).max(365),
      })
      .strict()
      .optional(),
    /** More attributed sign-ups than this to one referrer per hour / per day holds their rebates for review. */
    velocity: z
      .object({ maxPerHour: z.number().int().min(1).max(10_000), maxPerDay: z.number().int().min(1).max(100_000) })
      .strict()
      .optional(),
  })
  .strict();
export type ReferralRule = z.infer<typeof ReferralRuleSchema>;

export const ReferralRuleResponseSchema = z.object({
  ruleId: z.string().nullable(),
  version: z.number().int(),
  rule: ReferralRuleSchema,
});
export type ReferralRuleResponse = z.infer<typeof ReferralRuleResponseSchema>;

export const RebateStatusSchema = z.enum(['pending', 'held', 'confirmed', 'cancelled', 'clawed_back', 'rejected']);
export type RebateStatus = z.infer<typeof RebateStatusSchema>;

export const MyRebateSchema = z.object({
  id: z.string(),
  level: z.number().int(),
  asset: z.enum(['POINTS', 'CNY', 'COMMISSION']),
  /** What it is worth now (after refunds), in points or fen. */
  amount: z.number().int(),
  status: RebateStatusSchema,
  inviteeMasked: z.string(),
  createdAt: IsoDateTimeSchema,
  /** When it confirms (pending) or was due to. */
  confirmAt: IsoDateTimeSchema,
  confirmedAt: IsoDateTimeSchema.nullable(),
});

export const MyReferralResponseSchema = z.object({
  referralCode: z.string(),
  sharePath: z.string(),
  invitedCount: z.number().int(),
  pendingRebate: z.object({ points: z.number().int(), fen: z.number().int() }),
  confirmedRebate: z.object({ points: z.number().int(), fen: z.number().int() }),
  invitees: z.array(
    z.object({
      memberIdMasked: z.string(),
      joinedAt: IsoDateTimeSchema,
      firstPaidAt: IsoDateTimeSchema.optional(),
    }),
  ),
  /** The latest rebates, newest first (the page's list with the date each confirms). */
  rebates: z.array(MyRebateSchema),
});
export type MyReferralResponse = z.infer<typeof MyReferralResponseSchema>;

export const ReferralCodeParamsSchema = z.object({ code: z.string().min(1).max(16) }).strict();
export const ReferralCodeLookupResponseSchema = z.object({ referralCode: z.string(), sharePath: z.string() });

export const ReferralReviewSchema = z.object({
  id: z.string(),
  referrerId: z.string(),
  reason: z.enum(['velocity-hour', 'velocity-day', 'shared-device', 'shared-payer']),
  details: z.record(z.unknown()),
  status: z.enum(['open', 'approved', 'rejected']),
  createdAt: IsoDateTimeSchema,
  decidedAt: IsoDateTimeSchema.nullable(),
  heldRebates: z.object({ count: z.number().int(), points: z.number().int(), fen: z.number().int() }),
});
export type ReferralReview = z.infer<typeof ReferralReviewSchema>;
export const ReferralReviewListQuerySchema = z
  .object({ status: z.enum(['open', 'approved', 'rejected']).default('open') })
  .strict();
export const ReferralReviewListSchema = z.object({ items: z.array(ReferralReviewSchema) });
export const ReferralReviewParamsSchema = z.object({ id: IdSchema }).strict();
export const ReferralReviewDecisionSchema = z.object({ note: z.string().max(200).optional() }).strict();
export const ReferralReviewDecisionResponseSchema = z.object({
  id: z.string(),
  status: z.enum(['approved', 'rejected']),
  rebatesReleased: z.number().int(),
  rebatesRejected: z.number().int(),
});

export const ReferralLeaderboardSchema = z.object({
  storeId: z.string(),
  items: z.array(
    z.object({
      memberId: z.string(),
      memberIdMasked: z.string(),
      role: z.enum(['clerk', 'manager']),
      signUps: z.number().int(),
      firstPurchases: z.number().int(),
      rewardPoints: z.number().int(),
      commissionFen: z.number().int(),
    }),
  ),
});
export type ReferralLeaderboard = z.infer<typeof ReferralLeaderboardSchema>;

export const ReferralFunnelQuerySchema = z
  .object({ from: LocalDateSchema, to: LocalDateSchema, format: z.enum(['json', 'csv']).default('json') })
  .strict();
const FunnelCountsSchema = z.object({
  posters: z.number().int(),
  signUps: z.number().int(),
  firstPurchases: z.number().int(),
  pendingPoints: z.number().int(),
  pendingFen: z.number().int(),
  confirmedPoints: z.number().int(),
  confirmedFen: z.number().int(),
  cancelledPoints: z.number().int(),
  cancelledFen: z.number().int(),
  clawedBackPoints: z.number().int(),
  clawedBackFen: z.number().int(),
  commissionFen: z.number().int(),
});
export const ReferralFunnelSchema = z.object({
  from: LocalDateSchema,
  to: LocalDateSchema,
  referrers: z.array(FunnelCountsSchema.extend({ referrerId: z.string(), storeId: z.string().nullable() })),
  stores: z.array(FunnelCountsSchema.extend({ storeId: z.string().nullable() })),
});
export type ReferralFunnel = z.infer<typeof ReferralFunnelSchema>;
