import { z } from 'zod';
import { FenSchema, IdSchema, IsoDateTimeSchema, listOf } from './common';
import { ruleResponseOf } from './rules';

/** One "充X送Y" step: a top-up of at least `thresholdFen` gets `bonusFen` of HQ-funded stored value. */
export const TopupBonusStepSchema = z
  .object({ thresholdFen: FenSchema.min(1), bonusFen: FenSchema.min(1) })
  .strict()
  .refine((step) => step.bonusFen <= step.thresholdFen, { message: 'a bonus cannot exceed its threshold' });

/** PUT /api/admin/topup-rule: amount limits, the bonus steps (the highest step reached applies), the amounts offered. */
export const TopupRuleSchema = z
  .object({
    minFen: FenSchema.min(1),
    maxFen: FenSchema.min(1).max(5_000_000),
    bonuses: z.array(TopupBonusStepSchema).max(20),
    presetsFen: z.array(FenSchema.min(1)).min(1).max(12),
  })
  .strict()
  .refine((rule) => rule.minFen <= rule.maxFen, { message: 'minFen must not exceed maxFen', path: ['minFen'] })
  .refine((rule) => new Set(rule.bonuses.map((step) => step.thresholdFen)).size === rule.bonuses.length, {
    message: 'each threshold appears once',
    path: ['bonuses'],
  })
  .refine((rule) => rule.presetsFen.every((fen) => fen >= rule.minFen && fen <= rule.maxFen), {
    message: 'every preset lies within minFen..maxFen',
    path: ['presetsFen'],
  });
export type TopupRule = z.infer<typeof TopupRuleSchema>;
export type TopupBonusStep = z.infer<typeof TopupBonusStepSchema>;
export const TopupRuleResponseSchema = ruleResponseOf(TopupRuleSchema);

/** GET /api/pay/topup-options: what the top-up page offers. */
export const TopupOptionsResponseSchema = z.object({
  minFen: z.number().int(),
  maxFen: z.number().int(),
  presets: z.array(z.object({ amountFen: z.number().int(), bonusFen: z.number().int() })),
  bonuses: z.array(z.object({ thresholdFen: z.number().int(), bonusFen: z.number().int() })),
  /** Stores the member may name as issuer of the stored value; none named means HQ. */
  stores: z.array(z.object({ id: z.string(), name: z.string() })),
  homeStoreId: z.string().nullable(),
});
export type TopupOptionsResponse = z.infer<typeof TopupOptionsResponseSchema>;

/** POST /api/pay/topups */
export const CreateTopupRequestSchema = z
  .object({
    amountFen: FenSchema.min(1),
    /** The store that takes the money and issues the stored value; omitted: HQ. */
    storeId: IdSchema.optional(),
  })
  .strict();
export type CreateTopupRequest = z.infer<typeof CreateTopupRequestSchema>;

export const PayParamsSchema = z.object({
  timeStamp: z.string(),
  nonceStr: z.string(),
  package: z.string(),
  signType: z.literal('RSA'),
  paySign: z.string(),
});
export type PayParams = z.infer<typeof PayParamsSchema>;

export const CreateTopupResponseSchema = z.object({
  topupId: z.string(),
  outTradeNo: z.string(),
  amountFen: z.number().int(),
  bonusFen: z.number().int(),
  storeId: z.string().nullable(),
  expiresAt: IsoDateTimeSchema,
  payParams: PayParamsSchema,
});
export type CreateTopupResponse = z.infer<typeof CreateTopupResponseSchema>;

export const TopupStatusSchema = z.enum(['pending', 'paid', 'closed']);
export const RefundStatusSchema = z.enum(['requested', 'processing', 'success', 'closed', 'abnormal']);

/** GET /api/pay/topups/:id (the member's own) and the admin views. */
export const TopupResponseSchema = z.object({
  topupId: z.string(),
  outTradeNo: z.string(),
  status: TopupStatusSchema,
  amountFen: z.number().int(),
  bonusFen: z.number().int(),
  storeId: z.string().nullable(),
  storeName: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  paidAt: IsoDateTimeSchema.nullable(),
  refund: z
    .object({
      refundId: z.string(),
      status: RefundStatusSchema,
      refundFen: z.number().int(),
      bonusForfeitedFen: z.number().int(),
    })
    .nullable(),
});
export type TopupResponse = z.infer<typeof TopupResponseSchema>;
export const TopupParamsSchema = z.object({ id: IdSchema }).strict();

/** GET /api/admin/topups: newest first, for HQ to find the top-up to refund. */
export const TopupListQuerySchema = z
  .object({
    memberId: IdSchema.optional(),
    status: TopupStatusSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(40).optional(),
  })
  .strict();
export type TopupListQuery = z.infer<typeof TopupListQuerySchema>;
export const TopupListResponseSchema = listOf(TopupResponseSchema);

/** POST /api/admin/topups/:id/refund */
export const RefundTopupRequestSchema = z.object({ reason: z.string().min(1).max(80).optional() }).strict();
export const RefundTopupResponseSchema = z.object({
  refundId: z.string(),
  outRefundNo: z.string(),
  status: RefundStatusSchema,
  /** Paid value being returned to the member's WeChat wallet (held on the card until WeChat settles it). */
  refundFen: z.number().int(),
  /** What was left of the top-up's bonus, forfeited (held likewise; given back if the refund closes). */
  bonusForfeitedFen: z.number().int(),
});
export type RefundTopupResponse = z.infer<typeof RefundTopupResponseSchema>;

/** What /api/pay/notify answers WeChat when it does not accept a notification (WeChat's own shape). */
export const PayNotifyRefusalSchema = z.object({ code: z.enum(['SIGN_ERROR', 'FAIL']), message: z.string() });
export type PayNotifyRefusal = z.infer<typeof PayNotifyRefusalSchema>;
