import { select, type Tx } from '../../db/tx';
import { hasWebhookReceivers, queueWebhookEvent } from './queue-webhook-event';

export type CouponEventType = 'coupon.claimed' | 'coupon.used' | 'coupon.restored';

/**
 * Coupon webhook events, queued in the transaction that claimed, used or gave back the coupons:
 * one event per coupon (a receiver keeps one row per coupon), once per cause (`claim:<couponId>`,
 * `checkout:<checkoutId>:<couponId>`, `refund:<refundId>:<couponId>`, `gift:<couponId>`).
 * `storeId` null (a claim in the mini-program) reaches the chain-wide webhooks only.
 */
export async function queueCouponEvents(
  tx: Tx,
  input: {
    type: CouponEventType;
    couponIds: readonly string[];
    cause: (couponId: string) => string;
    storeId: string | null;
    at: Date;
    /** Per-coupon extra fields (checkoutId, refundId, discountFen). */
    extra?: (couponId: string) => Record<string, unknown>;
  },
): Promise<void> {
  if (input.couponIds.length === 0 || !(await hasWebhookReceivers(tx, input.storeId))) return;
  const rows = await select<{ id: string; template_id: string; member_id: string; name: string }>(
    tx,
    `SELECT c.id, c.template_id, c.member_id, t.name FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
      WHERE c.id IN (${input.couponIds.map(() => '?').join(', ')}) ORDER BY c.id`,
    [...input.couponIds],
  );
  for (const row of rows) {
    await queueWebhookEvent(tx, {
      type: input.type,
      cause: input.cause(row.id),
      storeId: input.storeId,
      at: input.at,
      data: {
        couponId: row.id,
        templateId: row.template_id,
        templateName: row.name,
        memberId: row.member_id,
        ...input.extra?.(row.id),
      },
    });
  }
}
