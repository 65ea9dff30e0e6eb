import type { MemberCoupon } from '@tongka/shared-types';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { lockClause } from '../checkout/member-snapshot';
import { recordCouponSettlementLines } from '../settlement/record-coupon-settlement';
import { AppError } from '../shared/app-error';
import { queueCouponEvents } from '../webhooks/coupon-events';
import { readMemberCoupon } from './claim-coupon';
import { storeIdsOf } from './coupon-template-row';
import { couponNotUsable } from './price-coupons';

interface GiftRow {
  id: string;
  code: string;
  status: string;
  type: string;
  valid_from: Date | string;
  valid_until: Date | string;
  store_ids: string | null;
  value_fen: number | string | null;
  funded_by: string;
}

/**
 * POST /api/stores/:storeId/coupons/redeem: a gift coupon (a free item) handed over without a
 * purchase. The same rules as at the till (window, store scope), then one conditional UPDATE to
 * used; the gift's value, when someone else funds it, becomes a settlement line.
 */
export async function redeemGiftCoupon(
  tx: Tx,
  deps: AppDeps,
  input: { storeId: string; couponCode: string },
): Promise<MemberCoupon> {
  const now = deps.clock.now();
  const [row] = await select<GiftRow>(
    tx,
    `SELECT c.id, c.code, c.status, t.type, c.valid_from, c.valid_until, t.store_ids, t.value_fen, t.funded_by
       FROM coupons c JOIN coupon_templates t ON t.id = c.template_id WHERE c.code = ?`,
    [input.couponCode],
  );
  if (!row)
    throw new AppError('COUPON_NOT_FOUND', 'There is no coupon with this code.', { couponCode: input.couponCode });
  await select(tx, `SELECT id FROM coupons WHERE id = ?${lockClause(tx)}`, [row.id]);
  if (row.type !== 'GIFT') {
    throw couponNotUsable(row.code, 'TYPE', { reason: 'Only a gift coupon is redeemed without a purchase.' });
  }
  assertInWindow(row, now);
  const storeIds = storeIdsOf(row.store_ids);
  if (storeIds && !storeIds.includes(input.storeId)) throw couponNotUsable(row.code, 'STORE_SCOPE', { storeIds });
  const used = await execute(
    tx,
    `UPDATE coupons SET status = 'used', used_at = ?, used_store_id = ?, discount_fen = ?
      WHERE id = ? AND status = 'available' AND valid_until >= ?`,
    [now, input.storeId, Number(row.value_fen ?? 0), row.id, now],
  );
  if (used !== 1) throw couponNotUsable(row.code, 'USED');
  await recordCouponSettlementLines(tx, {
    servingStoreId: input.storeId,
    causeType: 'gift-coupon',
    causeId: row.id,
    sign: 1,
    funded: [{ party: row.funded_by, fen: Number(row.value_fen ?? 0) }],
    at: now,
  });
  await queueCouponEvents(tx, {
    type: 'coupon.used',
    couponIds: [row.id],
    cause: (couponId) => `gift-coupon:${couponId}`,
    storeId: input.storeId,
    at: now,
    extra: () => ({ checkoutId: null, discountFen: Number(row.value_fen ?? 0) }),
  });
  return readMemberCoupon(tx, row.id, now);
}

function assertInWindow(row: GiftRow, now: Date): void {
  if (row.status === 'used') throw couponNotUsable(row.code, 'USED');
  const validUntil = readInstant(row.valid_until);
  if (row.status === 'expired' || now.getTime() > validUntil.getTime()) {
    throw couponNotUsable(row.code, 'EXPIRED', { validUntil: validUntil.toISOString() });
  }
  if (now.getTime() < readInstant(row.valid_from).getTime()) throw couponNotUsable(row.code, 'NOT_YET_VALID');
}
