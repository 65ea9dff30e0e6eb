import { execute, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';
import { membersWithAccept, takeSubscription } from './subscriptions';

export const COUPON_RECEIVED_KIND = 'wechat.subscribe.coupon-received';

export interface CouponReceivedMessage {
  memberId: string;
  templateId: string;
  couponId: string;
  couponName: string;
  /** The coupon's value as a shopper reads it (满¥50.00减¥10.00, 8折, 礼品券). */
  valueText: string;
  validUntil: string;
}

/**
 * Queues "coupon received" for the members of a batch who hold an accept of the template, in the
 * batch's own transaction: each message takes its accept with it (one accept, one message; a
 * member who never allowed it gets none), dedupe key per coupon, so a replayed batch adds nothing.
 * The outbox job sends after commit (send-coupon-message.ts).
 */
export async function queueCouponReceivedMessages(
  tx: Tx,
  input: {
    /** The configured coupon-received template; null: the message is off. */
    templateId: string | null;
    coupons: Array<{ couponId: string; memberId: string }>;
    couponName: string;
    valueText: string;
    validUntil: Date;
    now: Date;
  },
): Promise<number> {
  const { templateId } = input;
  if (!templateId || input.coupons.length === 0) return 0;
  const reachable = await membersWithAccept(
    tx,
    templateId,
    input.coupons.map((coupon) => coupon.memberId),
  );
  const rows: unknown[][] = [];
  for (const coupon of input.coupons) {
    if (!reachable.has(coupon.memberId) || !(await takeSubscription(tx, coupon.memberId, templateId))) continue;
    const payload: CouponReceivedMessage = {
      memberId: coupon.memberId,
      templateId,
      couponId: coupon.couponId,
      couponName: input.couponName,
      valueText: input.valueText,
      validUntil: input.validUntil.toISOString(),
    };
    rows.push([
      ulid(),
      COUPON_RECEIVED_KIND,
      `coupon-received:${coupon.couponId}`,
      JSON.stringify(payload),
      input.now,
      input.now,
    ]);
  }
  if (rows.length === 0) return 0;
  await execute(
    tx,
    `INSERT INTO outbox (id, kind, dedupe_key, payload, status, attempts, next_attempt_at, last_error, created_at)
     VALUES ${rows.map(() => "(?, ?, ?, ?, 'pending', 0, ?, NULL, ?)").join(', ')}`,
    rows.flat(),
  );
  return rows.length;
}
