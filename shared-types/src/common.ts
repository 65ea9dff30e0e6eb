import { z } from 'zod';

/** Money in integer fen, points as integers (API.md conventions). */
export const FenSchema = z.number().int().min(0).max(100_000_000_00);
export const PointsSchema = z.number().int().min(0).max(1_000_000_000);
export const IdSchema = z.string().min(1).max(40);
export const IsoDateTimeSchema = z.string().datetime();
export const LocalDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');

export const ListQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
  })
  .strict();
export type ListQuery = z.infer<typeof ListQuerySchema>;

export function listOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const IdempotencyKeySchema = z.string().min(1).max(64);
export const EmptyBodySchema = z.object({}).strict();
