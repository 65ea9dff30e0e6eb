import type { CheckoutListResponse } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';

type Num = number | string;
interface Row {
  id: string;
  order_ref: string;
  member_id: string;
  member_home_store_id: string | null;
  staff_member_id: string;
  amount_fen: Num;
  coupon_discount_fen: Num;
  points_redeemed: Num;
  points_discount_fen: Num;
  stored_value_paid_fen: Num;
  cash_due_fen: Num;
  points_earned: Num;
  refunded_fen: Num;
  created_at: unknown;
}
interface RefundRow {
  id: string;
  checkout_id: string;
  refunded_fen: Num;
  cash_refunded_fen: Num;
  points_returned: Num;
  points_clawed_back: Num;
  points_debt: Num;
  points_pending_voided: Num;
  stored_value_returned_fen: Num;
  coupons_restored: unknown;
  created_at: unknown;
}

/** GET /api/stores/:storeId/checkouts?date=: the store's checkouts of one chain-time day, with refunds and totals. */
export async function listStoreCheckouts(db: Tx, storeId: string, date: string): Promise<CheckoutListResponse> {
  const rows = await select<Row>(
    db,
    'SELECT * FROM checkouts WHERE store_id = ? AND local_date = ? ORDER BY created_at, id',
    [storeId, date],
  );
  const refunds = rows.length
    ? await select<RefundRow>(
        db,
        `SELECT * FROM checkout_refunds WHERE checkout_id IN (${rows.map(() => '?').join(',')}) ORDER BY seq`,
        rows.map((row) => row.id),
      )
    : [];
  const items = rows.map((row) => ({
    checkoutId: row.id,
    orderRef: row.order_ref,
    memberId: row.member_id,
    memberHomeStoreId: row.member_home_store_id,
    homeMember: row.member_home_store_id === storeId,
    staffMemberId: row.staff_member_id,
    amountFen: Number(row.amount_fen),
    couponDiscountFen: Number(row.coupon_discount_fen),
    pointsRedeemed: Number(row.points_redeemed),
    pointsDiscountFen: Number(row.points_discount_fen),
    storedValuePaidFen: Number(row.stored_value_paid_fen),
    cashDueFen: Number(row.cash_due_fen),
    pointsEarned: Number(row.points_earned),
    refundedFen: Number(row.refunded_fen),
    createdAt: readInstant(row.created_at).toISOString(),
    refunds: refunds.filter((refund) => refund.checkout_id === row.id).map(refundView),
  }));
  type Item = (typeof items)[number];
  const sum = (pick: (item: Item) => number, of: Item[] = items) => of.reduce((acc, item) => acc + pick(item), 0);
  const split = (of: Item[]) => ({ count: of.length, amountFen: sum((item) => item.amountFen, of) });
  return {
    date,
    items,
    totals: {
      count: items.length,
      amountFen: sum((item) => item.amountFen),
      cashDueFen: sum((item) => item.cashDueFen),
      pointsEarned: sum((item) => item.pointsEarned),
      pointsRedeemed: sum((item) => item.pointsRedeemed),
      storedValuePaidFen: sum((item) => item.storedValuePaidFen),
      refundedFen: sum((item) => item.refundedFen),
      homeMembers: split(items.filter((item) => item.homeMember)),
      visitingMembers: split(items.filter((item) => !item.homeMember)),
    },
  };
}

function refundView(row: RefundRow) {
  return {
    refundId: row.id,
    refundedFen: Number(row.refunded_fen),
    cashRefundFen: Number(row.cash_refunded_fen),
    pointsReturned: Number(row.points_returned),
    pointsClawedBack: Number(row.points_clawed_back),
    pointsDebt: Number(row.points_debt),
    pointsPendingVoided: Number(row.points_pending_voided),
    storedValueReturnedFen: Number(row.stored_value_returned_fen),
    couponsRestored: Boolean(Number(row.coupons_restored)),
    createdAt: readInstant(row.created_at).toISOString(),
  };
}
