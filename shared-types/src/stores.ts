import { z } from 'zod';
import { listOf } from './common';

/** HQ store management (API.md "HQ": /api/admin/stores). */

export const CreateStoreRequestSchema = z
  .object({
    code: z
      .string()
      .min(1)
      .max(32)
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
    name: z.string().trim().min(1).max(100),
    city: z.string().trim().min(1).max(50).optional(),
  })
  .strict();
export type CreateStoreRequest = z.infer<typeof CreateStoreRequestSchema>;

export const StoreSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  city: z.string().nullable(),
});
export type Store = z.infer<typeof StoreSchema>;

export const StoreListSchema = listOf(StoreSchema);
