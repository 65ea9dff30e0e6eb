import { z } from 'zod';
import { LocalDateSchema } from './common';

/** GET /api/admin/settlements?from=&to= (chain-time dates, inclusive; default: this month so far). */
export const SettlementQuerySchema = z
  .object({
    from: LocalDateSchema.optional(),
    to: LocalDateSchema.optional(),
    format: z.enum(['json', 'csv']).optional(),
  })
  .strict()
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type SettlementQuery = z.infer<typeof SettlementQuerySchema>;

/** One store pair, netted: `fromStoreId` owes `toStoreId` netFen ('HQ' for HQ-funded value). */
export const SettlementRowSchema = z.object({
  fromStoreId: z.string(),
  toStoreId: z.string(),
  points: z.number().int(),
  pointsValueFen: z.number().int(),
  storedValueFen: z.number().int(),
  /** Coupon discounts and gift coupons the serving store gave, funded by HQ or another store. */
  couponValueFen: z.number().int(),
  netFen: z.number().int(),
});
export type SettlementRow = z.infer<typeof SettlementRowSchema>;
export const SettlementResponseSchema = z.object({
  from: LocalDateSchema,
  to: LocalDateSchema,
  items: z.array(SettlementRowSchema),
});
export type SettlementResponse = z.infer<typeof SettlementResponseSchema>;
