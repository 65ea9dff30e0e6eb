import { z } from 'zod';
import { FenSchema, IdSchema, IsoDateTimeSchema, LocalDateSchema, listOf } from './common';
import { AssetSchema } from './ledger';
import { TierSchema } from './rules';
import { EarnBreakdownSchema } from './store-ops';
import type { StoreListSchema } from './stores';

/** What the HQ console reads beyond the core admin routes: member search and detail, rule history, imports. */

export type StoreList = z.infer<typeof StoreListSchema>;

/** GET /api/admin/members: by phone (through the blind index), by exact id or referral code, or newest first. */
export const AdminMemberSearchQuerySchema = z
  .object({
    phone: z.string().trim().min(1).max(20).optional(),
    q: z.string().trim().min(1).max(40).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type AdminMemberSearchQuery = z.infer<typeof AdminMemberSearchQuerySchema>;

export const AdminMemberRowSchema = z.object({
  id: z.string(),
  status: z.string(),
  tier: z.string(),
  phoneMasked: z.string().nullable(),
  referralCode: z.string(),
  homeStoreId: z.string().nullable(),
  homeStoreName: z.string().nullable(),
  mergedIntoId: z.string().nullable(),
  earnBlocked: z.boolean(),
  spendBlocked: z.boolean(),
  createdAt: IsoDateTimeSchema,
});
export type AdminMemberRow = z.infer<typeof AdminMemberRowSchema>;
export const AdminMemberListSchema = listOf(AdminMemberRowSchema);
export type AdminMemberList = z.infer<typeof AdminMemberListSchema>;

export const AdminMergeSchema = z.object({
  id: z.string(),
  fromMemberId: z.string(),
  toMemberId: z.string(),
  reason: z.string(),
  createdAt: IsoDateTimeSchema,
  undoneAt: IsoDateTimeSchema.nullable(),
});
export type AdminMerge = z.infer<typeof AdminMergeSchema>;

/** GET /api/admin/members/:id */
export const AdminMemberDetailSchema = AdminMemberRowSchema.extend({
  blockReason: z.string().nullable(),
  points: z.number().int(),
  storedValueFen: z.number().int(),
  pendingPoints: z.number().int(),
  pointsDebt: z.number().int(),
  expiringSoon: z.array(z.object({ points: z.number().int(), expiresAt: IsoDateTimeSchema })),
  merges: z.array(AdminMergeSchema),
});
export type AdminMemberDetail = z.infer<typeof AdminMemberDetailSchema>;

/** GET /api/admin/members/:id/ledger */
export const AdminMemberLedgerQuerySchema = z
  .object({
    asset: AssetSchema.default('POINTS'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** GET /api/admin/rules/:kind/versions */
export const RuleKindSchema = z.enum(['earn', 'redeem', 'settlement', 'tier']);
export type RuleKindName = z.infer<typeof RuleKindSchema>;
export const RuleVersionsParamsSchema = z.object({ kind: RuleKindSchema }).strict();
export const RuleVersionsQuerySchema = z
  .object({
    scope: z.string().min(1).max(40).default('HQ'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export const RuleVersionRowSchema = z.object({
  ruleId: z.string(),
  kind: RuleKindSchema,
  scope: z.string(),
  version: z.number().int(),
  rule: z.unknown(),
  createdBy: z.string(),
  createdAt: IsoDateTimeSchema,
});
export type RuleVersionRow = z.infer<typeof RuleVersionRowSchema>;
export const RuleVersionListSchema = listOf(RuleVersionRowSchema);

/** POST /api/admin/earn-rule/preview: what a sample receipt would earn under the rule in force, writing nothing. */
export const EarnPreviewRequestSchema = z
  .object({
    storeId: IdSchema.optional(),
    tier: TierSchema.default('basic'),
    amountFen: FenSchema,
    /** Chain-time date of the sample receipt (campaign days); default today. */
    date: LocalDateSchema.optional(),
    items: z
      .array(z.object({ category: z.string().min(1).max(40).optional(), amountFen: FenSchema }).strict())
      .max(50)
      .optional(),
  })
  .strict();
export type EarnPreviewRequest = z.infer<typeof EarnPreviewRequestSchema>;
export const EarnPreviewResponseSchema = EarnBreakdownSchema;

/** POST /api/admin/imports: a store's POS export (CSV text), dry run first. */
export const AdminImportRequestSchema = z
  .object({
    storeCode: z.string().trim().min(1).max(32),
    /** Up to 60,000 characters (the request body limit is 64 KB); larger exports go through the CLI. */
    csv: z.string().min(1).max(60_000),
    dryRun: z.boolean().default(true),
  })
  .strict();
export type AdminImportRequest = z.infer<typeof AdminImportRequestSchema>;
export const AdminImportResponseSchema = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  existing: z.number().int(),
  pointsPosted: z.number().int(),
  storedValueFenPosted: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), phone: z.string(), reason: z.string() })),
  dryRun: z.boolean(),
});
export type AdminImportResponse = z.infer<typeof AdminImportResponseSchema>;

/**
 * POST /api/admin/member-imports (202) and GET /api/admin/member-imports/:id: the same import run in
 * the background in batches. doneRows counts the file's data rows handled (rows rejected at
 * validation count as handled at once); created are new members, existing the members updated.
 */
export const MemberImportSchema = z.object({
  importId: z.string(),
  storeCode: z.string(),
  dryRun: z.boolean(),
  status: z.enum(['running', 'done']),
  totalRows: z.number().int(),
  doneRows: z.number().int(),
  created: z.number().int(),
  existing: z.number().int(),
  pointsPosted: z.number().int(),
  storedValueFenPosted: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), phone: z.string(), reason: z.string() })),
  createdAt: IsoDateTimeSchema,
  finishedAt: IsoDateTimeSchema.nullable(),
});
export type MemberImport = z.infer<typeof MemberImportSchema>;

/** GET /api/admin/audit-log: newest first, optionally one action (exact, e.g. member.adjust) or one target id. */
export const AuditLogQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    action: z.string().trim().min(1).max(64).optional(),
    targetId: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type AuditLogQuery = z.infer<typeof AuditLogQuerySchema>;
