import { z } from 'zod';
import { FenSchema, IdSchema, LocalDateSchema, PointsSchema } from './common';

/** Member tiers, lowest first (DESIGN.md: tiers from rolling 12-month spend). */
export const TierSchema = z.enum(['basic', 'silver', 'gold', 'diamond']);
export type Tier = z.infer<typeof TierSchema>;
export const tiers = TierSchema.options;

/** A multiplier with at most two decimals (1.5 = 150 %); 0 excludes. Kept exact as hundredths. */
export const MultiplierSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((value) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6, { message: 'at most two decimals' });

export const FundedBySchema = z.enum(['STORE', 'HQ']);

export const CampaignSchema = z
  .object({
    name: z.string().min(1).max(60),
    /** Chain-time dates, inclusive. */
    from: LocalDateSchema.optional(),
    to: LocalDateSchema.optional(),
    /** ISO weekdays, 1 = Monday … 7 = Sunday, in the chain's time zone. */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
    multiplier: MultiplierSchema,
    storeIds: z.array(IdSchema).max(500).optional(),
    /** Who pays for the campaign's extra points (settles against HQ when 'HQ'). Default STORE. */
    fundedBy: FundedBySchema.optional(),
  })
  .strict();
export type Campaign = z.infer<typeof CampaignSchema>;

export const TierMultipliersSchema = z
  .object({
    basic: MultiplierSchema.optional(),
    silver: MultiplierSchema.optional(),
    gold: MultiplierSchema.optional(),
    diamond: MultiplierSchema.optional(),
  })
  .strict();

export const EarnRuleSchema = z
  .object({
    pointsPerYuan: MultiplierSchema,
    minOrderFen: FenSchema,
    perOrderCapPoints: PointsSchema.optional(),
    dailyCapPoints: PointsSchema.optional(),
    tierMultipliers: TierMultipliersSchema.optional(),
    /** Per item category; 0 excludes the category (tobacco, gift cards). */
    categoryMultipliers: z.record(z.string().min(1).max(40), MultiplierSchema).optional(),
    campaigns: z.array(CampaignSchema).max(20).optional(),
    /** Whether paying with stored value earns points too (default false: it earned at top-up). */
    storedValueEarns: z.boolean().optional(),
    /**
     * Pending period in days (the refund window, default 0): earned points become spendable at the
     * end of the local day this many days after the checkout and show as pending until then.
     */
    pendingDays: z.number().int().min(0).max(30).optional(),
  })
  .strict();
export type EarnRule = z.infer<typeof EarnRuleSchema>;

export const RedeemRuleSchema = z
  .object({
    pointsPerYuan: z.number().int().min(1).max(100_000),
    maxShareOfOrder: z.number().min(0).max(1),
    minPointsPerUse: PointsSchema.optional(),
  })
  .strict();
export type RedeemRule = z.infer<typeof RedeemRuleSchema>;

export const SettlementRuleSchema = z
  .object({
    /** HQ cost of one point in fen, at most two decimals (default 1). */
    pointCostFen: MultiplierSchema,
  })
  .strict();
export type SettlementRule = z.infer<typeof SettlementRuleSchema>;

/**
 * Staff self-dealing (issue #10): a staff member's checkout for their own member card above this
 * amount needs a manager's approval code (POST /api/stores/:storeId/self-sale-approvals); every
 * such sale is flagged on the checkout for the risk report. Default ¥100.
 */
export const StaffSaleRuleSchema = z.object({ approvalAboveFen: FenSchema }).strict();
export type StaffSaleRule = z.infer<typeof StaffSaleRuleSchema>;

export const TierRuleSchema = z
  .object({
    /** Rolling 12-month paid amount from which each tier applies. */
    silverFen: FenSchema,
    goldFen: FenSchema,
    diamondFen: FenSchema,
  })
  .strict()
  .refine((rule) => rule.silverFen <= rule.goldFen && rule.goldFen <= rule.diamondFen, {
    message: 'thresholds must rise: silver ≤ gold ≤ diamond',
  })
  .describe('Tier thresholds; they must rise: silverFen ≤ goldFen ≤ diamondFen (else 400).');
export type TierRule = z.infer<typeof TierRuleSchema>;

/** What a GET of a rule returns: the rule in force and its version row. */
export function ruleResponseOf<T extends z.ZodTypeAny>(rule: T) {
  return z.object({
    ruleId: z.string().nullable(),
    version: z.number().int(),
    scope: z.string(),
    inherited: z.boolean(),
    rule,
  });
}
export const EarnRuleResponseSchema = ruleResponseOf(EarnRuleSchema);
export const RedeemRuleResponseSchema = ruleResponseOf(RedeemRuleSchema);
export const SettlementRuleResponseSchema = ruleResponseOf(SettlementRuleSchema);
export const TierRuleResponseSchema = ruleResponseOf(TierRuleSchema);
export const StaffSaleRuleResponseSchema = ruleResponseOf(StaffSaleRuleSchema);
export type RuleResponse<T> = { ruleId: string | null; version: number; scope: string; inherited: boolean; rule: T };
