import { z } from 'zod';
import { IsoDateTimeSchema, listOf } from './common';

export const AssetSchema = z.enum(['POINTS', 'CNY']);
export type Asset = z.infer<typeof AssetSchema>;

export const TransferKindSchema = z.enum([
  'EARN',
  'REDEEM',
  'EXPIRE',
  'MERGE',
  'REBATE',
  'TOPUP',
  'SPEND',
  'REFUND',
  'REVERSAL',
  'ADJUST',
  'IMPORT',
  'SETTLE',
  'DEBT',
  'DEBT_REPAY',
  'CHECKIN',
  'EXCHANGE',
  'CLAWBACK',
  'TOPUP_BONUS',
  'TOPUP_REFUND',
  'GIFT',
  'BONUS',
]);

export const ExpiringPointsSchema = z.object({ points: z.number().int(), expiresAt: IsoDateTimeSchema });

/** GET /api/me */
export const MeResponseSchema = z.object({
  id: z.string(),
  tier: z.string(),
  /** Null until a phone is bound. */
  phoneMasked: z.string().nullable(),
  points: z.number().int(),
  storedValueFen: z.number().int(),
  couponsAvailable: z.number().int(),
  referralCode: z.string(),
  expiringSoon: z.array(ExpiringPointsSchema),
  /** Points held by a checkout still waiting for its cash part. */
  pendingPoints: z.number().int(),
  /** Points owed after a refund clawed back more than the member held; later earns repay it. */
  pointsDebt: z.number().int(),
  homeStoreId: z.string().nullable(),
  /** The home store's name; null when the member has no home store yet. */
  homeStoreName: z.string().nullable(),
});
export type MeResponse = z.infer<typeof MeResponseSchema>;

/** GET /api/me/ledger */
export const MemberLedgerQuerySchema = z
  .object({
    asset: AssetSchema.default('POINTS'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type MemberLedgerQuery = z.infer<typeof MemberLedgerQuerySchema>;

export const MemberLedgerItemSchema = z.object({
  id: z.string(),
  kind: TransferKindSchema,
  /** Signed from the member's side: positive credited to them, negative taken from them. */
  amount: z.number().int(),
  storeId: z.string().nullable(),
  /** The store's name; null for head-office and system movements (expiry, merge, adjustments). */
  storeName: z.string().nullable(),
  createdAt: IsoDateTimeSchema,
  note: z.string().nullable(),
  status: z.enum(['posted', 'pending', 'voided']),
});
export const MemberLedgerResponseSchema = listOf(MemberLedgerItemSchema);
export type MemberLedgerResponse = z.infer<typeof MemberLedgerResponseSchema>;

/** POST /api/admin/jobs/:name/run */
export const JobParamsSchema = z.object({ name: z.string().min(1).max(64) }).strict();
export const RunJobRequestSchema = z.object({ asOf: IsoDateTimeSchema.optional() }).strict();
export type RunJobRequest = z.infer<typeof RunJobRequestSchema>;
export const RunJobResponseSchema = z.object({ job: z.string(), processed: z.number().int() });
export type RunJobResponse = z.infer<typeof RunJobResponseSchema>;

/**
 * GET /api/admin/ledger/audit: incremental from the audit's checkpoint unless `full=true` (every
 * transfer summed; also resets the checkpoint).
 */
export const LedgerAuditQuerySchema = z.object({ full: z.enum(['true', 'false']).default('false') }).strict();
export type LedgerAuditQuery = z.infer<typeof LedgerAuditQuerySchema>;
export const LedgerAuditResponseSchema = z.object({
  balanced: z.boolean(),
  scope: z.enum(['full', 'incremental']),
  assets: z.object({ POINTS: z.object({ sum: z.number() }), CNY: z.object({ sum: z.number() }) }),
  mismatchedAccounts: z.array(
    z.object({
      accountId: z.string(),
      ownerType: z.string(),
      ownerId: z.string(),
      purpose: z.string(),
      asset: z.string(),
      balance: z.number(),
      expectedBalance: z.number(),
      pendingIn: z.number(),
      expectedPendingIn: z.number(),
    }),
  ),
  negativeMemberAccounts: z.array(
    z.object({ accountId: z.string(), memberId: z.string(), asset: z.string(), balance: z.number() }),
  ),
  lotMismatches: z.array(
    z.object({
      accountId: z.string(),
      memberId: z.string(),
      asset: z.string(),
      balance: z.number(),
      lotsRemaining: z.number(),
    }),
  ),
  /** Ledger rows rewritten or deleted (history is append-only); empty when intact. Incremental: rows at or above the checkpoint. */
  historyViolations: z.array(z.object({ rule: z.string(), id: z.string() })),
});
export type LedgerAuditResponse = z.infer<typeof LedgerAuditResponseSchema>;
