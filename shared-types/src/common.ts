import { z } from 'zod';

/** Money in integer fen, points as integers (API.md conventions). */
export const FenSchema = z.number().int().min(0).max(100_000_000_00);
/** An amount that must be paid or refunded: at least 1 fen (the OpenAPI document says minimum 1). */
export const PositiveFenSchema = z.number().int().min(1).max(100_000_000_00);
export const PointsSchema = z.number().int().min(0).max(1_000_000_000);
export const IdSchema = z.string().min(1).max(40);
/**
 * An id the BFF handed out: a ULID in its canonical form (26 characters, Crockford base32, upper
 * case). Ids compare exactly (STYLE.md point 16), so `01j…` is not `01J…` and is refused here.
 */
export const UlidSchema = z
  .string()
  .regex(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/, 'must be an id as handed out (26 characters, ULID)');
export const IsoDateTimeSchema = z.string().datetime();

/** Dates the chain works with: real calendar days of years 1970 to 2999 (no 2026-02-31, no 0000-00-00). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
export const LocalDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date between 1970-01-01 and 2999-12-31')
  .describe('A calendar date YYYY-MM-DD in the chain time zone; a real day between 1970-01-01 and 2999-12-31.');

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
