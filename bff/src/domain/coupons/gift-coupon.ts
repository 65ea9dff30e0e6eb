import type { CouponGiftResponse } from '@tongka/shared-types';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import { lockClause } from '../checkout/member-snapshot';
import { activeMember, maskCode } from '../engagement/gift-points';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { takeMemberSlot } from './claim-coupon';
import { newCouponCode } from './coupon-codes';

interface GiftedRow {
  id: string;
  code: string;
  member_id: string;
  template_id: string;
  status: string;
  valid_until: Date | string;
  gifted_by: string | null;
  name: string;
  giftable: number | boolean;
  per_member_limit: number | string | null;
}

type Refusal = 'TEMPLATE_NOT_GIFTABLE' | 'RECEIVED_AS_GIFT' | 'USED' | 'EXPIRED';
const REASONS: Record<Refusal, string> = {
  TEMPLATE_NOT_GIFTABLE: 'This coupon may not be given to someone else.',
  RECEIVED_AS_GIFT: 'A coupon received from a friend cannot be given on.',
  USED: 'This coupon was already used.',
  EXPIRED: 'This coupon has expired.',
};
const notGiftable = (couponId: string, rule: Refusal) =>
  new AppError('COUPON_NOT_GIFTABLE', REASONS[rule], { couponId, rule, reason: REASONS[rule] });

/**
 * POST /api/me/coupons/:id/gift (idempotent through its key): one of the sender's available coupons,
 * of a giftable template and not itself a gift, goes to the friend with this referral code. The
 * coupon row is locked as a checkout locks it, so a gift and a use at the till run one after the
 * other and exactly one wins; the coupon gets a new code (a code the sender saw no longer works)
 * and counts toward the friend's per-member limit. `coupon_gifts` is unique per coupon: given once.
 */
export async function giftCoupon(
  tx: Tx,
  input: { senderId: string; couponId: string; recipientCode: string; now: Date },
): Promise<CouponGiftResponse> {
  const sender = await activeMember(tx, 'id = ?', input.senderId, 'MEMBER_NOT_FOUND');
  if (Number(sender.spend_blocked)) throw new AppError('MEMBER_BLOCKED', 'This card may not give coupons now.');
  const recipient = await activeMember(tx, 'referral_code = ?', input.recipientCode, 'GIFT_RECIPIENT_NOT_FOUND');
  if (recipient.id === sender.id) throw new AppError('GIFT_TO_SELF', 'A coupon cannot be given to yourself.');
  const coupon = await lockSendersCoupon(tx, input.couponId, sender.id);
  assertGiftable(coupon, input.now);
  if (coupon.per_member_limit !== null) {
    await takeMemberSlot(tx, coupon.template_id, recipient.id, Number(coupon.per_member_limit));
  }
  const giftId = ulid();
  await execute(
    tx,
    'INSERT INTO coupon_gifts (id, coupon_id, sender_id, recipient_id, old_code, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    [giftId, coupon.id, sender.id, recipient.id, coupon.code, input.now],
  );
  const moved = await execute(
    tx,
    `UPDATE coupons SET member_id = ?, code = ?, gifted_by = ?
      WHERE id = ? AND member_id = ? AND status = 'available' AND gifted_by IS NULL`,
    [recipient.id, newCouponCode(), sender.id, coupon.id, sender.id],
  );
  if (moved !== 1) throw notGiftable(coupon.id, 'USED');
  return {
    giftId,
    couponId: coupon.id,
    name: coupon.name,
    recipientCodeMasked: maskCode(input.recipientCode),
    createdAt: input.now.toISOString(),
  };
}

/** The sender's coupon, locked; another member's coupon is answered as unknown (ids are not secrets to guess at). */
async function lockSendersCoupon(tx: Tx, couponId: string, senderId: string): Promise<GiftedRow> {
  const [locked] = await select<{ id: string }>(tx, `SELECT id FROM coupons WHERE id = ?${lockClause(tx)}`, [couponId]);
  const [row] = locked
    ? await select<GiftedRow>(
        tx,
        `SELECT c.id, c.code, c.member_id, c.template_id, c.status, c.valid_until, c.gifted_by, t.name, t.giftable,
                t.per_member_limit
           FROM coupons c JOIN coupon_templates t ON t.id = c.template_id WHERE c.id = ?`,
        [couponId],
      )
    : [];
  if (!row || row.member_id !== senderId)
    throw new AppError('COUPON_NOT_FOUND', 'There is no such coupon.', { couponId });
  return row;
}

function assertGiftable(coupon: GiftedRow, now: Date): void {
  if (!Number(coupon.giftable)) throw notGiftable(coupon.id, 'TEMPLATE_NOT_GIFTABLE');
  if (coupon.gifted_by !== null) throw notGiftable(coupon.id, 'RECEIVED_AS_GIFT');
  if (coupon.status === 'used') throw notGiftable(coupon.id, 'USED');
  if (coupon.status === 'expired' || readInstant(coupon.valid_until).getTime() < now.getTime()) {
    throw notGiftable(coupon.id, 'EXPIRED');
  }
}
