import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, listOf } from './common';

/** Open API for POS systems: per-store keys, signed requests, webhooks (docs/pos-api.md). */

export const PosKeyCreateRequestSchema = z.object({ name: z.string().trim().min(1).max(64) }).strict();
export type PosKeyCreateRequest = z.infer<typeof PosKeyCreateRequestSchema>;

export const PosKeyCreatedSchema = z.object({
  keyId: z.string(),
  /** Shown once: the server keeps it encrypted and never answers it again. */
  secret: z.string(),
  storeId: z.string(),
  name: z.string(),
  createdAt: IsoDateTimeSchema,
});
export type PosKeyCreated = z.infer<typeof PosKeyCreatedSchema>;

export const PosKeySchema = z.object({
  keyId: z.string(),
  storeId: z.string(),
  name: z.string(),
  createdAt: IsoDateTimeSchema,
  lastUsedAt: IsoDateTimeSchema.nullable(),
  revokedAt: IsoDateTimeSchema.nullable(),
});
export type PosKey = z.infer<typeof PosKeySchema>;
export const PosKeyListResponseSchema = listOf(PosKeySchema);

export const PosKeyParamsSchema = z.object({ id: IdSchema, keyId: IdSchema }).strict();
export const PosCheckoutIdParamsSchema = z.object({ checkoutId: IdSchema }).strict();

export const WEBHOOK_EVENT_TYPES = [
  'member.created',
  'member.phone_bound',
  'points.changed',
  'refund.created',
  'coupon.claimed',
  'coupon.used',
  'coupon.restored',
] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

export const WebhookCreateRequestSchema = z
  .object({
    url: z
      .string()
      .url()
      .max(512)
      .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL'),
    /** Omit for every store of the chain. */
    storeId: IdSchema.optional(),
  })
  .strict();
export const WebhookCreatedSchema = z.object({
  id: z.string(),
  url: z.string(),
  storeId: z.string().nullable(),
  /** Shown once: deliveries are signed with it (same scheme as POS requests, key id = webhook id). */
  secret: z.string(),
  createdAt: IsoDateTimeSchema,
});
export type WebhookCreated = z.infer<typeof WebhookCreatedSchema>;
export const WebhookSchema = WebhookCreatedSchema.omit({ secret: true });
export type Webhook = z.infer<typeof WebhookSchema>;
export const WebhookListResponseSchema = listOf(WebhookSchema);
export const WebhookParamsSchema = z.object({ id: IdSchema }).strict();

export const WebhookDeliverySchema = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  createdAt: IsoDateTimeSchema,
  deliveredAt: IsoDateTimeSchema.nullable(),
  nextAttemptAt: IsoDateTimeSchema.nullable(),
  attempts: z.array(
    z.object({
      attempt: z.number().int(),
      at: IsoDateTimeSchema,
      statusCode: z.number().int().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
export const WebhookDeliveryListResponseSchema = listOf(WebhookDeliverySchema);
export const WebhookDeliveryQuerySchema = z
  .object({ webhookId: IdSchema.optional(), eventId: IdSchema.optional() })
  .strict();
export const WebhookDeliveryParamsSchema = z.object({ id: IdSchema }).strict();
