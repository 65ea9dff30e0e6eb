import { z } from 'zod';
import { IsoDateTimeSchema } from './common';
import { ruleResponseOf } from './rules';

/** PUT /api/admin/check-in-rule: points per check-in, plus a bonus on the Nth consecutive day. */
export const CheckInRuleSchema = z
  .object({
    basePoints: z.number().int().min(1).max(10_000),
    streakBonuses: z
      .array(z.object({ day: z.number().int().min(2).max(366), points: z.number().int().min(1).max(100_000) }).strict())
      .max(20)
      .default([]),
  })
  .strict()
  .refine((rule) => new Set(rule.streakBonuses.map((bonus) => bonus.day)).size === rule.streakBonuses.length, {
    message: 'each streak day appears once',
    path: ['streakBonuses'],
  });
export type CheckInRule = z.infer<typeof CheckInRuleSchema>;
export const CheckInRuleResponseSchema = ruleResponseOf(CheckInRuleSchema);

/** POST /api/me/check-in */
export const CheckInRequestSchema = z.object({}).strict();
export const CheckInResponseSchema = z.object({
  pointsAwarded: z.number().int(),
  streakDays: z.number().int(),
  /** The chain-local day checked in, YYYY-MM-DD. */
  date: z.string(),
});
export type CheckInResponse = z.infer<typeof CheckInResponseSchema>;

/** GET /api/me/check-ins?month=YYYY-MM (default: this month in the chain's time zone). */
export const CheckInMonthQuerySchema = z
  .object({
    month: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM')
      .optional(),
  })
  .strict();
export const CheckInMonthResponseSchema = z.object({
  month: z.string(),
  /** Today in the chain's time zone. */
  today: z.string(),
  checkedInToday: z.boolean(),
  /** The streak as of today (or yesterday, if today is not checked in yet); 0 when broken. */
  currentStreak: z.number().int(),
  /** What a check-in today would pay (base plus the bonus of the day the streak would reach). */
  nextPoints: z.number().int(),
  days: z.array(z.object({ date: z.string(), streakDays: z.number().int(), pointsAwarded: z.number().int() })),
});
export type CheckInMonthResponse = z.infer<typeof CheckInMonthResponseSchema>;

/** PUT /api/admin/points-gift-rule: limits on member-to-member points gifts. */
export const PointsGiftRuleSchema = z
  .object({
    enabled: z.boolean(),
    perGiftMaxPoints: z.number().int().min(1),
    dailyMaxPoints: z.number().int().min(1),
  })
  .strict()
  .refine((rule) => rule.perGiftMaxPoints <= rule.dailyMaxPoints, {
    message: 'a single gift cannot exceed the daily limit',
    path: ['perGiftMaxPoints'],
  });
export type PointsGiftRule = z.infer<typeof PointsGiftRuleSchema>;
export const PointsGiftRuleResponseSchema = ruleResponseOf(PointsGiftRuleSchema);

/** POST /api/me/points/gift */
export const PointsGiftRequestSchema = z
  .object({
    /** The recipient's referral code (shown on their 我的 page). */
    recipientCode: z.string().min(1).max(32),
    points: z.number().int().min(1),
  })
  .strict();
export const PointsGiftResponseSchema = z.object({
  giftId: z.string(),
  points: z.number().int(),
  recipientCodeMasked: z.string(),
  /** The sender's spendable points after the gift. */
  pointsLeft: z.number().int(),
  /** Points the sender may still give today (chain time). */
  remainingToday: z.number().int(),
  createdAt: IsoDateTimeSchema,
});
export type PointsGiftResponse = z.infer<typeof PointsGiftResponseSchema>;

/** GET /api/me/points/gift-options: what the gift page shows before sending. */
export const PointsGiftOptionsResponseSchema = z.object({
  enabled: z.boolean(),
  perGiftMaxPoints: z.number().int(),
  remainingToday: z.number().int(),
  spendablePoints: z.number().int(),
});
export type PointsGiftOptionsResponse = z.infer<typeof PointsGiftOptionsResponseSchema>;

/** PUT /api/admin/member-gift-rule: HQ-funded points on the birthday, the first phone binding and each tier reached. */
export const MemberGiftRuleSchema = z
  .object({
    birthdayPoints: z.number().int().min(0),
    /** DAY: on the birthday itself; MONTH: on the first day of the birthday's month. */
    birthdayWindow: z.enum(['DAY', 'MONTH']),
    signupPoints: z.number().int().min(0),
    /** A coupon template given with the birthday gift (null or absent: points only). */
    birthdayCouponTemplateId: z.string().min(1).max(26).nullable().optional(),
    /** A coupon template given with the sign-up gift (null or absent: points only). */
    signupCouponTemplateId: z.string().min(1).max(26).nullable().optional(),
    tierPoints: z
      .object({ silver: z.number().int().min(0), gold: z.number().int().min(0), diamond: z.number().int().min(0) })
      .strict(),
  })
  .strict();
export type MemberGiftRule = z.infer<typeof MemberGiftRuleSchema>;
export const MemberGiftRuleResponseSchema = ruleResponseOf(MemberGiftRuleSchema);

/** PUT /api/me/birthday: set once, then locked. */
export const BirthdayRequestSchema = z
  .object({ birthday: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be YYYY-MM-DD') })
  .strict();
export const BirthdayResponseSchema = z.object({ birthday: z.string().nullable(), locked: z.boolean() });
