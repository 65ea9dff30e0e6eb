import type { CheckoutListResponse } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { maskPhone } from '../members/phone';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';

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
  phone_enc: string | null;
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

export interface ListStoreCheckoutsInput {
  storeId: string;
  date: string;
  limit: number;
  cursor?: string;
}

/**
 * GET /api/stores/:storeId/checkouts: one page of a chain-time day, newest first, each row with
 * its refunds and the member's masked phone; the totals are summed over the whole day in SQL, so
 * they do not depend on the page.
 */
export async function listStoreCheckouts(
  db: Tx,
  crypto: DataCrypto,
  input: ListStoreCheckoutsInput,
): Promise<CheckoutListResponse> {
  const after = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await pageOfDay(db, input, after);
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  const refunds = await refundsOf(db, page);
  const items = page.map((row) => ({
    ...itemOf(row, input.storeId, crypto),
    refunds: refunds.filter((refund) => refund.checkout_id === row.id).map(refundView),
  }));
  return {
    date: input.date,
    items,
    nextCursor: rows.length > input.limit && last ? encodeCursor(readInstant(last.created_at), last.id) : null,
    totals: await dayTotals(db, input.storeId, input.date),
  };
}

interface Cursor {
  createdAt: Date;
  id: string;
}

// The cursor names the last row handed out: its instant and id (ties on the instant go by id).
function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not one this list handed out.', {
      issues: [{ path: 'query.cursor', message: 'unknown cursor' }],
    });
  }
  return { createdAt, id };
}

async function pageOfDay(db: Tx, input: ListStoreCheckoutsInput, after: Cursor | null): Promise<Row[]> {
  // A member merged away since the sale shows the survivor's phone (the phone moved with the merge).
  return select<Row>(
    db,
    `SELECT c.*, COALESCE(m.phone_enc, s.phone_enc) AS phone_enc
       FROM checkouts c
       LEFT JOIN members m ON m.id = c.member_id
       LEFT JOIN members s ON s.id = m.merged_into_id
      WHERE c.store_id = ? AND c.local_date = ?${after ? ' AND (c.created_at < ? OR (c.created_at = ? AND c.id < ?))' : ''}
      ORDER BY c.created_at DESC, c.id DESC
      LIMIT ?`,
    [input.storeId, input.date, ...(after ? [after.createdAt, after.createdAt, after.id] : []), input.limit + 1],
  );
}

async function refundsOf(db: Tx, rows: Row[]): Promise<RefundRow[]> {
  if (rows.length === 0) return [];
  return select<RefundRow>(
    db,
    `SELECT * FROM checkout_refunds WHERE checkout_id IN (${rows.map(() => '?').join(',')}) ORDER BY seq`,
    rows.map((row) => row.id),
  );
}

function itemOf(row: Row, storeId: string, crypto: DataCrypto) {
  return {
    checkoutId: row.id,
    orderRef: row.order_ref,
    memberId: row.member_id,
    memberHomeStoreId: row.member_home_store_id,
    homeMember: row.member_home_store_id === storeId,
    memberPhoneMasked: row.phone_enc ? maskPhone(crypto.decrypt(row.phone_enc)) : null,
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
  };
}

async function dayTotals(db: Tx, storeId: string, date: string): Promise<CheckoutListResponse['totals']> {
  const [row] = await select<Record<string, Num | null>>(
    db,
    `SELECT COUNT(*) AS n, SUM(amount_fen) AS amount, SUM(cash_due_fen) AS cash, SUM(points_earned) AS earned,
            SUM(points_redeemed) AS redeemed, SUM(stored_value_paid_fen) AS sv, SUM(refunded_fen) AS refunded,
            SUM(CASE WHEN member_home_store_id = ? THEN 1 ELSE 0 END) AS home_n,
            SUM(CASE WHEN member_home_store_id = ? THEN amount_fen ELSE 0 END) AS home_amount
       FROM checkouts WHERE store_id = ? AND local_date = ?`,
    [storeId, storeId, storeId, date],
  );
  const n = (key: string) => Number(row?.[key] ?? 0);
  return {
    count: n('n'),
    amountFen: n('amount'),
    cashDueFen: n('cash'),
    pointsEarned: n('earned'),
    pointsRedeemed: n('redeemed'),
    storedValuePaidFen: n('sv'),
    refundedFen: n('refunded'),
    homeMembers: { count: n('home_n'), amountFen: n('home_amount') },
    visitingMembers: { count: n('n') - n('home_n'), amountFen: n('amount') - n('home_amount') },
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
