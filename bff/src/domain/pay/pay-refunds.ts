import { execute, readInstant, select, type Tx } from '../../db/tx';
import { forUpdate } from '../ledger/operations';

/** Rows of pay_refunds: one per out_refund_no, holding the ledger holds it will post or void. */

export type PayRefundStatus = 'requested' | 'processing' | 'success' | 'closed' | 'abnormal';

export interface PayRefund {
  id: string;
  orderId: string;
  outRefundNo: string;
  refundFen: number;
  bonusForfeitFen: number;
  status: PayRefundStatus;
  refundHoldTransferId: string | null;
  bonusHoldTransferId: string | null;
  createdAt: Date;
}

interface PayRefundRow {
  id: string;
  order_id: string;
  out_refund_no: string;
  refund_fen: string | number;
  bonus_forfeit_fen: string | number;
  status: PayRefundStatus;
  refund_hold_transfer_id: string | null;
  bonus_hold_transfer_id: string | null;
  created_at: unknown;
}

const columns =
  'id, order_id, out_refund_no, refund_fen, bonus_forfeit_fen, status, refund_hold_transfer_id, bonus_hold_transfer_id, created_at';

function toRefund(row: PayRefundRow): PayRefund {
  return {
    id: row.id,
    orderId: row.order_id,
    outRefundNo: row.out_refund_no,
    refundFen: Number(row.refund_fen),
    bonusForfeitFen: Number(row.bonus_forfeit_fen),
    status: row.status,
    refundHoldTransferId: row.refund_hold_transfer_id,
    bonusHoldTransferId: row.bonus_hold_transfer_id,
    createdAt: readInstant(row.created_at),
  };
}

export async function insertPayRefund(
  tx: Tx,
  refund: Omit<PayRefund, 'status'> & { reason: string | null; requestedBy: string },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO pay_refunds (id, order_id, active_order_id, out_refund_no, refund_fen, bonus_forfeit_fen, status,
       refund_hold_transfer_id, bonus_hold_transfer_id, wechat_refund_id, reason, requested_by, created_at, settled_at)
     VALUES (?, ?, ?, ?, ?, ?, 'requested', ?, ?, NULL, ?, ?, ?, NULL)`,
    [
      refund.id,
      refund.orderId,
      refund.orderId,
      refund.outRefundNo,
      refund.refundFen,
      refund.bonusForfeitFen,
      refund.refundHoldTransferId,
      refund.bonusHoldTransferId,
      refund.reason,
      refund.requestedBy,
      refund.createdAt,
    ],
  );
}

export async function findRefundByNo(tx: Tx, outRefundNo: string, lock = false): Promise<PayRefund | null> {
  const [row] = await select<PayRefundRow>(
    tx,
    `SELECT ${columns} FROM pay_refunds WHERE out_refund_no = ?${lock ? forUpdate(tx) : ''}`,
    [outRefundNo],
  );
  return row ? toRefund(row) : null;
}

/** The order's live refund (not closed), or its latest one. */
export async function latestRefundOf(db: Tx, orderId: string): Promise<PayRefund | null> {
  const [row] = await select<PayRefundRow>(
    db,
    `SELECT ${columns} FROM pay_refunds WHERE order_id = ? ORDER BY (CASE WHEN active_order_id IS NULL THEN 1 ELSE 0 END), id DESC LIMIT 1`,
    [orderId],
  );
  return row ? toRefund(row) : null;
}

/** Moves a refund from one of `from` to `to`; false when another transaction already moved it. */
export async function moveRefund(
  tx: Tx,
  id: string,
  from: PayRefundStatus[],
  to: PayRefundStatus,
  extra: { wechatRefundId?: string; settledAt?: Date } = {},
): Promise<boolean> {
  const marks = from.map(() => '?').join(', ');
  const closing = to === 'closed' ? ', active_order_id = NULL' : '';
  const affected = await execute(
    tx,
    `UPDATE pay_refunds SET status = ?, wechat_refund_id = COALESCE(?, wechat_refund_id), settled_at = COALESCE(?, settled_at)${closing}
      WHERE id = ? AND status IN (${marks})`,
    [to, extra.wechatRefundId ?? null, extra.settledAt ?? null, id, ...from],
  );
  return affected === 1;
}

/** Refunds not yet final created at or before `before`, oldest first (for reconcile-payments). */
export async function openRefundsBefore(db: Tx, before: Date, limit: number): Promise<PayRefund[]> {
  const rows = await select<PayRefundRow>(
    db,
    `SELECT ${columns} FROM pay_refunds WHERE status IN ('requested', 'processing', 'abnormal') AND created_at <= ?
      ORDER BY created_at, id LIMIT ?`,
    [before, limit],
  );
  return rows.map(toRefund);
}
