import { z } from 'zod';
import { IdSchema, LocalDateSchema, listOf } from './common';

/**
 * HQ reports, roles, maker/checker approvals, risk alerts and the job list (issue #15). Every
 * report period is `from`/`to`: dates in the chain's time zone, both included, at most 366 days.
 */
const format = z.enum(['json', 'csv']).optional();

export const ReportPeriodQuerySchema = z.object({ from: LocalDateSchema, to: LocalDateSchema, format }).strict();
export type ReportPeriodQuery = z.infer<typeof ReportPeriodQuerySchema>;
export const DailyReportQuerySchema = z
  .object({ from: LocalDateSchema, to: LocalDateSchema, storeId: IdSchema.optional(), format })
  .strict();
export type DailyReportQuery = z.infer<typeof DailyReportQuerySchema>;

const pointsFigures = {
  pointsIssued: z.number().int(),
  pointsRedeemed: z.number().int(),
  pointsExpired: z.number().int(),
  liabilityPoints: z.number().int(),
  liabilityFen: z.number().int(),
  storedValueOutstandingFen: z.number().int(),
  activeMembers: z.number().int(),
  /** pointsRedeemed ÷ pointsIssued in the period, capped at 1 (0 when nothing was issued). */
  redemptionRate: z.number().min(0).max(1),
};

export const SummaryStoreRowSchema = z.object({
  storeId: z.string(),
  storeCode: z.string(),
  storeName: z.string(),
  ...pointsFigures,
  ownMemberSalesFen: z.number().int(),
  visitingMemberSalesFen: z.number().int(),
});
export type SummaryStoreRow = z.infer<typeof SummaryStoreRowSchema>;
export const SummaryTotalsSchema = z.object({
  ...pointsFigures,
  /** Movements with no store (HQ adjustments, campaigns without a store) are in the totals only. */
  ownMemberSalesFen: z.number().int(),
  visitingMemberSalesFen: z.number().int(),
});
export type SummaryTotals = z.infer<typeof SummaryTotalsSchema>;
export const SummaryReportSchema = z.object({
  from: LocalDateSchema,
  to: LocalDateSchema,
  /** HQ cost of one point (settlement rule) the liability is valued at. */
  pointCostFen: z.number(),
  stores: z.array(SummaryStoreRowSchema),
  totals: SummaryTotalsSchema,
});
export type SummaryReport = z.infer<typeof SummaryReportSchema>;

export const DailyReportItemSchema = z.object({
  date: LocalDateSchema,
  pointsIssued: z.number().int(),
  pointsRedeemed: z.number().int(),
  pointsExpired: z.number().int(),
  liabilityPoints: z.number().int(),
  storedValueOutstandingFen: z.number().int(),
  activeMembers: z.number().int(),
});
export type DailyReportItem = z.infer<typeof DailyReportItemSchema>;
export const DailyReportSchema = z.object({
  from: LocalDateSchema,
  to: LocalDateSchema,
  storeId: z.string().nullable(),
  items: z.array(DailyReportItemSchema),
});
export type DailyReport = z.infer<typeof DailyReportSchema>;

export const TierReportSchema = z.object({
  items: z.array(z.object({ tier: z.string(), members: z.number().int(), points: z.number().int() })),
});
export type TierReport = z.infer<typeof TierReportSchema>;

export const BreakageReportSchema = z.object({
  from: LocalDateSchema,
  to: LocalDateSchema,
  pointsIssued: z.number().int(),
  pointsExpired: z.number().int(),
  /** pointsExpired ÷ pointsIssued in the period (0 when nothing was issued). */
  breakageRate: z.number().min(0),
  stores: z.array(
    z.object({
      storeId: z.string(),
      pointsIssued: z.number().int(),
      pointsExpired: z.number().int(),
      breakageRate: z.number(),
    }),
  ),
  /** Points that will expire in the next 90 days from today, per chain-time week (7-day buckets). */
  forecast: z.array(z.object({ from: LocalDateSchema, to: LocalDateSchema, points: z.number().int() })),
  forecastTotalPoints: z.number().int(),
});
export type BreakageReport = z.infer<typeof BreakageReportSchema>;

// --- roles and admin accounts ---
export const AdminRoleSchema = z.enum(['admin', 'finance']);
export type AdminRole = z.infer<typeof AdminRoleSchema>;
export const AdminMeSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: AdminRoleSchema,
  /** The chain's time zone (CHAIN_TIME_ZONE): the console shows dates and chain days in it. */
  chainTimeZone: z.string(),
});
export const AdminAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  role: AdminRoleSchema,
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type AdminAccount = z.infer<typeof AdminAccountSchema>;
export const AdminAccountListSchema = listOf(AdminAccountSchema);
export const CreateAdminRequestSchema = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(8).max(200),
    role: AdminRoleSchema.default('admin'),
  })
  .strict();
export const UpdateAdminRequestSchema = z
  .object({ role: AdminRoleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((body) => body.role !== undefined || body.disabled !== undefined, 'give role or disabled');
export const ResetAdminPasswordRequestSchema = z.object({ password: z.string().min(8).max(200) }).strict();
export const AdminIdParamsSchema = z.object({ id: IdSchema }).strict();

// --- maker/checker ---
export const ApprovalStatusSchema = z.enum(['pending', 'approved', 'rejected']);
export const ApprovalSchema = z.object({
  id: z.string(),
  kind: z.enum(['member.adjust', 'points.reinstate']),
  status: ApprovalStatusSchema,
  requestedBy: z.string(),
  targetId: z.string(),
  request: z.record(z.unknown()),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
  result: z.unknown(),
  createdAt: z.string(),
});
export type Approval = z.infer<typeof ApprovalSchema>;
export const ApprovalListSchema = listOf(ApprovalSchema);
export const ApprovalListQuerySchema = z
  .object({
    status: ApprovalStatusSchema.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export const ApprovalDecisionRequestSchema = z.object({ note: z.string().trim().max(200).optional() }).strict();
export const ApprovalRuleSchema = z
  .object({
    /** Manual adjustments above these sizes (absolute) wait for a second admin. */
    adjustPointsThreshold: z.number().int().min(0).max(1_000_000_000),
    adjustFenThreshold: z.number().int().min(0).max(10_000_000_000),
    /** Expired points may be reinstated (always with a second admin) within this many days of expiry. */
    reinstateGraceDays: z.number().int().min(0).max(366),
  })
  .strict();
export type ApprovalRule = z.infer<typeof ApprovalRuleSchema>;
export const ReinstateRequestSchema = z.object({ lotId: IdSchema, reason: z.string().trim().min(1).max(200) }).strict();

// --- risk alerts ---
export const RiskAlertSchema = z.object({
  id: z.string(),
  rule: z.string(),
  severity: z.enum(['low', 'medium', 'high']),
  /** Who the alert is about, as `staff:<memberId>`, `member:<memberId>`, `device:<deviceId>` or `payer:<openid>`. */
  subject: z.string(),
  /** `device` / `payer`: sign-ups sharing a login device or a WeChat Pay payer (the id is the device id / payer openid). */
  subjectType: z.enum(['staff', 'member', 'device', 'payer']),
  subjectId: z.string(),
  storeId: z.string().nullable(),
  evidence: z.record(z.unknown()),
  createdAt: z.string(),
  status: z.enum(['open', 'acknowledged']),
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: z.string().optional(),
  note: z.string().optional(),
});
export type RiskAlert = z.infer<typeof RiskAlertSchema>;
export const RiskAlertListSchema = listOf(RiskAlertSchema);
export const RiskAlertListQuerySchema = z
  .object({
    status: z.enum(['open', 'acknowledged']).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export const AcknowledgeAlertRequestSchema = z.object({ note: z.string().trim().min(1).max(500) }).strict();
export const RiskRuleSchema = z
  .object({
    /** A clerk is flagged when their count in the window is ≥ this many times the store's median clerk. */
    clerkNormMultiple: z.number().min(1).max(1000),
    /** ... and at least this many refunds in the window. */
    clerkMinRefunds: z.number().int().min(1).max(100_000),
    /** ... or at least this many redemptions (checkouts deducting points) in the window. */
    clerkMinRedemptions: z.number().int().min(1).max(100_000).default(5),
    /** A clerk's earned points going to at most 3 members: flagged at this share (0–1) ... */
    fewMembersShare: z.number().min(0).max(1),
    /** ... of at least this many points in the window. */
    fewMembersMinPoints: z.number().int().min(1).max(1_000_000_000),
    /** A member earning this many times their usual daily points (30 days before) ... */
    memberSpikeMultiple: z.number().min(1).max(1000),
    /** ... and at least this many points that day. */
    memberSpikeMinPoints: z.number().int().min(1).max(1_000_000_000),
    /** Points a clerk may move outside a normal checkout (refunds' points) per chain-time day. */
    clerkDailyMovePointsCap: z.number().int().min(0).max(1_000_000_000),
    windowDays: z.number().int().min(1).max(90),
    /** New members (sign-ups, referred or not) from one login device in the window: flagged at this many. */
    sharedDeviceMinSignups: z.number().int().min(2).max(100_000).default(3),
    /** New members in the window paid for by one WeChat Pay payer: flagged at this many. */
    sharedPayerMinSignups: z.number().int().min(2).max(100_000).default(3),
  })
  .strict();
export type RiskRule = z.infer<typeof RiskRuleSchema>;

// --- jobs ---
export const JobStatusSchema = z.object({
  name: z.string(),
  schedule: z.string().nullable(),
  running: z.boolean(),
  lastStartedAt: z.string().nullable(),
  lastFinishedAt: z.string().nullable(),
  lastDurationMs: z.number().int().nullable(),
  lastProcessed: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextRunAt: z.string().nullable(),
});
export type JobStatus = z.infer<typeof JobStatusSchema>;
export const JobListSchema = z.object({ items: z.array(JobStatusSchema), schedulerEnabled: z.boolean() });
