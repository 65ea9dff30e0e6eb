import { execute, select, type Tx } from '../../db/tx';
import { lockClause } from '../checkout/member-snapshot';
import { recordCouponSettlementLines } from '../settlement/record-coupon-settlement';
import { HQ_PARTY } from '../settlement/record-settlement-lines';
import { queueCouponEvents } from '../webhooks/coupon-events';
import { MEMBER_COUPON_COLUMNS, type MemberCouponRow } from './member-coupon-row';
import { type CouponDiscountLine, couponNotUsable } from './price-coupons';

/**
 * The coupons a checkout names, locked in id order (two checkouts naming one coupon run one after
 * the other; the second sees it used). Templates are read without a lock so a checkout never waits
 * on a claim rush for the same template.
 */
export async function loadCheckoutCoupons(tx: Tx, codes: readonly string[]): Promise<MemberCouponRow[]> {
  if (codes.length === 0) return [];
  const marks = codes.map(() => '?').join(', ');
  const locked = await select<{ id: string }>(
    tx,
    `SELECT id FROM coupons WHERE code IN (${marks}) ORDER BY id${lockClause(tx)}`,
    [...codes],
  );
  if (locked.length === 0) return [];
  return select<MemberCouponRow>(
    tx,
    `SELECT ${MEMBER_COUPON_COLUMNS} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
      WHERE c.id IN (${locked.map(() => '?').join(', ')})`,
    locked.map((row) => row.id),
  );
}

/**
 * The checkout hook's use step: each coupon goes from available to used by one conditional
 * UPDATE (a coupon used meanwhile aborts the checkout), and each discount funded by someone other
 * than the serving store becomes a settlement line (HQ or the funding store owes the store).
 */
export async function useCheckoutCoupons(
  tx: Tx,
  input: { checkoutId: string; storeId: string; lines: readonly CouponDiscountLine[]; at: Date },
): Promise<void> {
  for (const line of input.lines) {
    const used = await execute(
      tx,
      `UPDATE coupons SET status = 'used', used_at = ?, used_store_id = ?, used_checkout_id = ?, discount_fen = ?
        WHERE id = ? AND status = 'available'`,
      [input.at, input.storeId, input.checkoutId, line.discountFen, line.couponId],
    );
    if (used !== 1) throw couponNotUsable(line.code, 'USED');
  }
  const discounts = new Map(input.lines.map((line) => [line.couponId, line.discountFen]));
  await queueCouponEvents(tx, {
    type: 'coupon.used',
    couponIds: input.lines.map((line) => line.couponId),
    cause: (couponId) => `checkout:${input.checkoutId}:${couponId}`,
    storeId: input.storeId,
    at: input.at,
    extra: (couponId) => ({ checkoutId: input.checkoutId, discountFen: discounts.get(couponId) ?? 0 }),
  });
  await recordCouponSettlementLines(tx, {
    servingStoreId: input.storeId,
    causeType: 'checkout',
    causeId: input.checkoutId,
    sign: 1,
    funded: input.lines.map((line) => ({ party: line.fundedBy, fen: line.discountFen })),
    at: input.at,
  });
}

/**
 * The refund hook's restore step (a full refund only): a coupon still in its window is available
 * again; one whose window ended is marked expired. Its funding line is reversed either way (the
 * order it paid for is gone). Answers how many came back.
 */
export async function restoreCheckoutCoupons(
  tx: Tx,
  input: { checkoutId: string; refundId: string; storeId: string; at: Date },
): Promise<number> {
  const rows = await select<{
    id: string;
    valid_until: Date | string;
    discount_fen: number | string;
    funded_by: string;
  }>(
    tx,
    `SELECT c.id, c.valid_until, c.discount_fen, t.funded_by FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
      WHERE c.used_checkout_id = ? AND c.status = 'used' ORDER BY c.id`,
    [input.checkoutId],
  );
  const restored: string[] = [];
  for (const row of rows) {
    const back = await execute(
      tx,
      `UPDATE coupons SET status = 'available', used_at = NULL, used_store_id = NULL, used_checkout_id = NULL,
         discount_fen = NULL WHERE id = ? AND status = 'used' AND valid_until >= ?`,
      [row.id, input.at],
    );
    if (back === 1) restored.push(row.id);
    await execute(tx, "UPDATE coupons SET status = 'expired' WHERE id = ? AND status = 'used'", [row.id]);
  }
  await queueCouponEvents(tx, {
    type: 'coupon.restored',
    couponIds: restored,
    cause: (couponId) => `refund:${input.refundId}:${couponId}`,
    storeId: input.storeId,
    at: input.at,
    extra: () => ({ checkoutId: input.checkoutId, refundId: input.refundId }),
  });
  await recordCouponSettlementLines(tx, {
    servingStoreId: input.storeId,
    causeType: 'refund',
    causeId: input.refundId,
    sign: -1,
    funded: rows.map((row) => ({ party: row.funded_by ?? HQ_PARTY, fen: Number(row.discount_fen ?? 0) })),
    at: input.at,
  });
  return restored.length;
}
