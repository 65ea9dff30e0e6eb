import type { CouponRule } from '@tongka/shared-types';
import { readInstant } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { storeIdsOf } from './coupon-template-row';
import type { MemberCouponRow } from './member-coupon-row';

/** One coupon's part of an order's discount, and who funds it (settlement). */
export interface CouponDiscountLine {
  couponId: string;
  code: string;
  discountFen: number;
  fundedBy: string;
}

export interface CouponOrder {
  memberId: string;
  storeId: string;
  amountFen: number;
  at: Date;
}

const REASONS: Record<CouponRule, string> = {
  NOT_FOUND: 'There is no coupon with this code.',
  NOT_YOURS: 'This coupon belongs to another member.',
  USED: 'This coupon was already used.',
  EXPIRED: 'This coupon has expired.',
  NOT_YET_VALID: 'This coupon is not valid yet.',
  STORE_SCOPE: 'This coupon cannot be used at this store.',
  THRESHOLD: 'The order does not reach this coupon’s threshold.',
  STACKING: 'This coupon cannot be combined with other coupons on one order.',
  TYPE: 'A gift coupon is redeemed on its own, not at a checkout.',
  DUPLICATE: 'The same coupon was given twice.',
};

export function couponNotUsable(code: string, rule: CouponRule, extra: Record<string, unknown> = {}): AppError {
  return new AppError('COUPON_NOT_USABLE', REASONS[rule], { couponCode: code, rule, reason: REASONS[rule], ...extra });
}

/**
 * The coupon step of priceCheckout (pure): every code must name an available coupon of this
 * member, in its window at this instant, allowed at this store, whose threshold the gross amount
 * reaches; several coupons only when every one is stackable. Amount-off coupons come off first,
 * then percent-off ones (floored, each capped at its maxDiscountFen) on what is left; the total
 * never exceeds the amount.
 */
export function priceCoupons(
  codes: readonly string[],
  rows: readonly MemberCouponRow[],
  order: CouponOrder,
): { couponDiscountFen: number; lines: CouponDiscountLine[] } {
  const byCode = new Map(rows.map((row) => [row.code, row]));
  const seen = new Set<string>();
  const coupons = codes.map((code) => {
    if (seen.has(code)) throw couponNotUsable(code, 'DUPLICATE');
    seen.add(code);
    const row = byCode.get(code);
    if (!row) throw couponNotUsable(code, 'NOT_FOUND');
    assertUsable(row, order);
    return row;
  });
  const unstackable = coupons.find((row) => !Number(row.stackable));
  if (coupons.length > 1 && unstackable) throw couponNotUsable(unstackable.code, 'STACKING');
  let leftFen = order.amountFen;
  const lines: CouponDiscountLine[] = [];
  const ordered = [
    ...coupons.filter((c) => c.type === 'AMOUNT_OFF'),
    ...coupons.filter((c) => c.type !== 'AMOUNT_OFF'),
  ];
  for (const row of ordered) {
    const discountFen = Math.min(leftFen, discountOf(row, leftFen));
    leftFen -= discountFen;
    lines.push({ couponId: row.id, code: row.code, discountFen, fundedBy: row.funded_by });
  }
  return { couponDiscountFen: order.amountFen - leftFen, lines };
}

function assertUsable(row: MemberCouponRow, order: CouponOrder): void {
  if (row.member_id !== order.memberId) throw couponNotUsable(row.code, 'NOT_YOURS');
  if (row.status === 'used') throw couponNotUsable(row.code, 'USED');
  const validUntil = readInstant(row.valid_until);
  if (row.status === 'expired' || order.at.getTime() > validUntil.getTime()) {
    throw couponNotUsable(row.code, 'EXPIRED', { validUntil: validUntil.toISOString() });
  }
  const validFrom = readInstant(row.valid_from);
  if (order.at.getTime() < validFrom.getTime()) {
    throw couponNotUsable(row.code, 'NOT_YET_VALID', { validFrom: validFrom.toISOString() });
  }
  if (row.type === 'GIFT') throw couponNotUsable(row.code, 'TYPE');
  const storeIds = storeIdsOf(row.store_ids);
  if (storeIds && !storeIds.includes(order.storeId)) throw couponNotUsable(row.code, 'STORE_SCOPE', { storeIds });
  const thresholdFen = Number(row.threshold_fen);
  if (order.amountFen < thresholdFen) {
    throw couponNotUsable(row.code, 'THRESHOLD', { thresholdFen, amountFen: order.amountFen });
  }
}

function discountOf(row: MemberCouponRow, leftFen: number): number {
  if (row.type === 'AMOUNT_OFF') return Number(row.value_fen);
  const percentFen = Math.floor((leftFen * Number(row.percent_off)) / 100);
  return row.max_discount_fen === null ? percentFen : Math.min(percentFen, Number(row.max_discount_fen));
}
