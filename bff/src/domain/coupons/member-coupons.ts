import type { CouponCenterItem, MemberCoupon } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { type TemplateRow, templateView } from './coupon-template-row';
import { MEMBER_COUPON_COLUMNS, type MemberCouponRow, memberCouponView } from './member-coupon-row';

type CouponStatus = 'available' | 'used' | 'expired';

/**
 * The status filters, each served by ix_coupons_member_status_until (member first): available is
 * still in its window; expired is marked so by the job or past its end and not yet marked.
 */
const STATUS_FILTERS: Record<CouponStatus, { where: string; order: string; withNow: boolean }> = {
  available: { where: "c.status = 'available' AND c.valid_until >= ?", order: 'ASC', withNow: true },
  used: { where: "c.status = 'used'", order: 'DESC', withNow: false },
  expired: {
    where: "(c.status = 'expired' OR (c.status = 'available' AND c.valid_until < ?))",
    order: 'DESC',
    withNow: true,
  },
};

/** GET /api/me/coupons?status=: keyset pages on (valid_until, id); the cursor is `<ms>.<id>`. */
export async function listMemberCoupons(
  db: Tx,
  input: { memberId: string; status: CouponStatus; limit: number; cursor?: string; now: Date },
): Promise<{ items: MemberCoupon[]; nextCursor: string | null }> {
  const filter = STATUS_FILTERS[input.status];
  const params: unknown[] = [input.memberId, ...(filter.withNow ? [input.now] : [])];
  let after = '';
  if (input.cursor) {
    const [ms, id] = input.cursor.split('.');
    const at = new Date(Number(ms));
    if (!id || Number.isNaN(at.getTime())) {
      throw new AppError('VALIDATION_FAILED', 'This cursor is not one this list gave.', {
        issues: [{ path: 'query.cursor', message: 'unknown cursor' }],
      });
    }
    const cmp = filter.order === 'ASC' ? '>' : '<';
    after = ` AND (c.valid_until ${cmp} ? OR (c.valid_until = ? AND c.id ${cmp} ?))`;
    params.push(at, at, id);
  }
  const rows = await select<MemberCouponRow>(
    db,
    `SELECT ${MEMBER_COUPON_COLUMNS} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
      WHERE c.member_id = ? AND ${filter.where}${after}
      ORDER BY c.valid_until ${filter.order}, c.id ${filter.order} LIMIT ${Number(input.limit) + 1}`,
    params,
  );
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => memberCouponView(row, input.now)),
    nextCursor: rows.length > input.limit && last ? `${readInstant(last.valid_until).getTime()}.${last.id}` : null,
  };
}

export async function getMemberCoupon(db: Tx, memberId: string, couponId: string, now: Date): Promise<MemberCoupon> {
  const [row] = await select<MemberCouponRow>(
    db,
    `SELECT ${MEMBER_COUPON_COLUMNS} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
      WHERE c.member_id = ? AND c.id = ?`,
    [memberId, couponId],
  );
  if (!row) throw new AppError('COUPON_NOT_FOUND', 'There is no such coupon.', { couponId });
  return memberCouponView(row, now);
}

/** memberOverviewParts.couponsAvailable: usable now, at some store. */
export async function countAvailableCoupons(db: Tx, memberId: string, now: Date): Promise<number> {
  const [row] = await select<{ n: number | string }>(
    db,
    "SELECT COUNT(*) AS n FROM coupons WHERE member_id = ? AND status = 'available' AND valid_until >= ? AND valid_from <= ?",
    [memberId, now, now],
  );
  return Number(row?.n ?? 0);
}

/** The scan's `coupons`: what the member can use at this store now (threshold and stacking depend on the order). */
export async function usableCouponsAt(db: Tx, memberId: string, storeId: string, now: Date): Promise<MemberCoupon[]> {
  const rows = await select<MemberCouponRow>(
    db,
    `SELECT ${MEMBER_COUPON_COLUMNS} FROM coupons c JOIN coupon_templates t ON t.id = c.template_id
      WHERE c.member_id = ? AND c.status = 'available' AND c.valid_until >= ?
      ORDER BY c.valid_until, c.id LIMIT 50`,
    [memberId, now],
  );
  return rows
    .map((row) => memberCouponView(row, now))
    .filter((coupon) => coupon.type !== 'GIFT' && Date.parse(coupon.validFrom) <= now.getTime())
    .filter((coupon) => !coupon.storeIds || coupon.storeIds.includes(storeId));
}

/** GET /api/coupons/center: active claimable templates in their window, with what this member may still take. */
export async function couponCenter(db: Tx, memberId: string, now: Date): Promise<{ items: CouponCenterItem[] }> {
  const templates = await select<TemplateRow & { claimed_by_me: number | string | null }>(
    db,
    `SELECT t.*, (SELECT n.claimed FROM coupon_member_counts n WHERE n.template_id = t.id AND n.member_id = ?) AS claimed_by_me
       FROM coupon_templates t
      WHERE t.claimable = ? AND t.status = 'active' AND (t.valid_until IS NULL OR t.valid_until >= ?)
      ORDER BY t.id DESC LIMIT 100`,
    [memberId, true, now],
  );
  return {
    items: templates.map((row) => {
      const { issued, status: _status, claimable: _claimable, ...view } = templateView(row);
      const stockLeft = view.stock === undefined ? null : view.stock - issued;
      const claimedByMe = Number(row.claimed_by_me ?? 0);
      const underLimit = view.perMemberLimit === undefined || claimedByMe < view.perMemberLimit;
      return { ...view, stockLeft, claimedByMe, canClaim: underLimit && (stockLeft === null || stockLeft > 0) };
    }),
  };
}
