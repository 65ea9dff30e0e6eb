import { z } from 'zod';
import { FenSchema, IdSchema, IsoDateTimeSchema, ListQuerySchema, listOf } from './common';
import { PayParamsSchema } from './pay';

/** POST /api/admin/rewards: a catalogue item (积分商城). */
export const RewardRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    description: z.string().max(500).optional(),
    pointsPrice: z.number().int().min(1).max(100_000_000),
    cashPriceFen: FenSchema.optional(),
    stock: z.number().int().min(0).max(100_000_000),
    perMemberLimit: z.number().int().min(1).max(1000).optional(),
    activeFrom: IsoDateTimeSchema.optional(),
    activeUntil: IsoDateTimeSchema.optional(),
    storeIds: z.array(IdSchema).min(1).max(500).optional(),
  })
  .strict()
  .refine((body) => !body.activeFrom || !body.activeUntil || body.activeFrom < body.activeUntil, {
    message: 'must be after activeFrom',
    path: ['activeUntil'],
  });
export type RewardRequest = z.infer<typeof RewardRequestSchema>;

export const RewardSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  pointsPrice: z.number().int(),
  cashPriceFen: z.number().int(),
  stock: z.number().int(),
  perMemberLimit: z.number().int().optional(),
  activeFrom: IsoDateTimeSchema.optional(),
  activeUntil: IsoDateTimeSchema.optional(),
  storeIds: z.array(z.string()).optional(),
  /** Names of the pickup stores (all stores when storeIds is absent). */
  storeNames: z.array(z.string()).optional(),
});
export type Reward = z.infer<typeof RewardSchema>;
export const RewardListSchema = z.object({ items: z.array(RewardSchema) });
export type RewardList = z.infer<typeof RewardListSchema>;

export const RewardParamsSchema = z.object({ id: IdSchema }).strict();
export const RewardExchangeRequestSchema = z.object({ quantity: z.number().int().min(1).max(99) }).strict();

export const RewardExchangeResponseSchema = z.object({
  exchangeId: z.string(),
  pickupCode: z.string(),
  pointsSpent: z.number().int(),
});
export type RewardExchangeResponse = z.infer<typeof RewardExchangeResponseSchema>;

/** 201 for an item with a cash part: the points are held and the cash part is a JSAPI order to pay. */
export const RewardCashPartPaymentSchema = z.object({
  exchangeId: z.string(),
  pointsHeld: z.number().int(),
  cashFen: z.number().int(),
  expiresAt: IsoDateTimeSchema,
  outTradeNo: z.string(),
  payParams: PayParamsSchema,
});
export type RewardCashPartPayment = z.infer<typeof RewardCashPartPaymentSchema>;
export const RewardExchangeAnswerSchema = z.union([RewardExchangeResponseSchema, RewardCashPartPaymentSchema]);
export type RewardExchangeAnswer = z.infer<typeof RewardExchangeAnswerSchema>;

/** An exchange as the member's "my pickups" and the verifying clerk see it. */
export const RewardExchangeSchema = z.object({
  exchangeId: z.string(),
  rewardId: z.string(),
  rewardName: z.string(),
  quantity: z.number().int(),
  pointsSpent: z.number().int(),
  cashFen: z.number().int(),
  status: z.enum(['ready', 'fulfilled', 'pending_payment', 'cancelled']),
  pickupCode: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  fulfilledStoreId: z.string().nullable(),
  fulfilledAt: IsoDateTimeSchema.nullable(),
});
export type RewardExchange = z.infer<typeof RewardExchangeSchema>;
export const RewardExchangeListSchema = listOf(RewardExchangeSchema);

export const PickupVerifyRequestSchema = z.object({ pickupCode: z.string().min(1).max(64) }).strict();

/** GET /api/admin/rewards: every catalogue item, on the shelf or taken off it, newest first. */
export const AdminRewardSchema = RewardSchema.extend({ status: z.enum(['active', 'ended']) });
export type AdminReward = z.infer<typeof AdminRewardSchema>;
export const AdminRewardListSchema = listOf(AdminRewardSchema);
export type AdminRewardList = z.infer<typeof AdminRewardListSchema>;

/**
 * PUT /api/admin/rewards/:id: what may change on a catalogue item. Prices apply to later exchanges
 * only (an exchange keeps what it spent); `stock` sets what is left; `ended` takes it off the shelf.
 */
export const RewardUpdateSchema = z
  .object({
    name: z.string().trim().min(1).max(64).optional(),
    description: z.string().max(500).optional(),
    pointsPrice: z.number().int().min(1).max(100_000_000).optional(),
    cashPriceFen: FenSchema.optional(),
    stock: z.number().int().min(0).max(100_000_000).optional(),
    perMemberLimit: z.number().int().min(1).max(1000).nullable().optional(),
    status: z.enum(['active', 'ended']).optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((value) => value !== undefined), 'give at least one field to change');
export type RewardUpdate = z.infer<typeof RewardUpdateSchema>;

/** GET /api/admin/reward-exchanges: exchanges and pickups across the chain, newest first. */
export const AdminRewardExchangeQuerySchema = ListQuerySchema.extend({
  status: z.enum(['ready', 'fulfilled', 'pending_payment', 'cancelled']).optional(),
  rewardId: IdSchema.optional(),
}).strict();
export type AdminRewardExchangeQuery = z.infer<typeof AdminRewardExchangeQuerySchema>;
export const AdminRewardExchangeSchema = RewardExchangeSchema.omit({ pickupCode: true }).extend({
  memberId: z.string(),
});
export type AdminRewardExchange = z.infer<typeof AdminRewardExchangeSchema>;
export const AdminRewardExchangeListSchema = listOf(AdminRewardExchangeSchema);
export type AdminRewardExchangeList = z.infer<typeof AdminRewardExchangeListSchema>;
