import { z } from 'zod';
import { listOf, UlidSchema } from './common';
import { StaffRoleNameSchema } from './identity';

/** HQ administration: login, staff invites, member status and adjustments, merges, audit log. */

export const AdminLoginRequestSchema = z
  .object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) })
  .strict();
export type AdminLoginRequest = z.infer<typeof AdminLoginRequestSchema>;
/** `role`: 'admin' (HQ admin, everything) or 'finance' (reports, settlements, audit: read only). */
export const AdminLoginResponseSchema = z.object({ token: z.string(), role: z.enum(['admin', 'finance']) });

export const StoreIdParamsSchema = z.object({ id: z.string().min(1).max(40) }).strict();
export const StoreStaffParamsSchema = z
  .object({ id: z.string().min(1).max(40), memberId: z.string().min(1).max(40) })
  .strict();

export const StaffInviteRequestSchema = z.object({ role: StaffRoleNameSchema }).strict();
export const StaffInviteResponseSchema = z.object({ inviteCode: z.string(), expiresAt: z.string() });
export type StaffInviteResponse = z.infer<typeof StaffInviteResponseSchema>;

export const RevokeStaffResponseSchema = z.object({ revoked: z.number().int() });

export const MemberIdParamsSchema = z.object({ id: z.string().min(1).max(40) }).strict();

export const MemberStatusRequestSchema = z
  .object({ earnBlocked: z.boolean(), spendBlocked: z.boolean(), reason: z.string().trim().min(1).max(200) })
  .strict();
export type MemberStatusRequest = z.infer<typeof MemberStatusRequestSchema>;
export const MemberStatusResponseSchema = z.object({
  id: z.string(),
  earnBlocked: z.boolean(),
  spendBlocked: z.boolean(),
  blockReason: z.string().nullable(),
});

export const AdjustRequestSchema = z
  .object({
    asset: z.enum(['POINTS', 'CNY']),
    amount: z
      .number()
      .int()
      .min(-1_000_000_000)
      .max(1_000_000_000)
      .refine((value) => value !== 0, 'must not be 0'),
    reason: z.string().trim().min(1).max(200),
    /** Which store's accounts take the other side; HQ funds it either way. Must exist (404 otherwise). */
    storeId: UlidSchema.optional(),
  })
  .strict();
export type AdjustRequest = z.infer<typeof AdjustRequestSchema>;
export const AdjustResponseSchema = z.object({
  memberId: z.string(),
  asset: z.enum(['POINTS', 'CNY']),
  amount: z.number().int(),
  points: z.number().int(),
  storedValueFen: z.number().int(),
});

export const MergeIdParamsSchema = z.object({ id: z.string().min(1).max(40) }).strict();
export const MergeUndoResponseSchema = z.object({
  mergeId: z.string(),
  restoredMemberId: z.string(),
  survivorId: z.string(),
});

export const AuditLogItemSchema = z.object({
  id: z.string(),
  actorType: z.string(),
  actorId: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  createdAt: z.string(),
});
export type AuditLogItem = z.infer<typeof AuditLogItemSchema>;
export const AuditLogListSchema = listOf(AuditLogItemSchema);
