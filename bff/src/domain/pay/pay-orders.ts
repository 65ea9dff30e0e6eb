import { execute, readInstant, select, type Tx } from '../../db/tx';
import { forUpdate } from '../ledger/operations';

/** Rows of pay_orders (one per out_trade_no, any kind) and their reads. */

export type PayOrderStatus = 'pending' | 'paid' | 'closed';

export interface PayOrder {
  id: string;
  kind: string;
  outTradeNo: string;
  memberId: string;
  openid: string;
  amountFen: number;
  status: PayOrderStatus;
  transactionId: string | null;
  expiresAt: Date;
  paidAt: Date | null;
  createdAt: Date;
}

interface PayOrderRow {
  id: string;
  kind: string;
  out_trade_no: string;
  member_id: string;
  openid: string;
  amount_fen: string | number;
  status: PayOrderStatus;
  transaction_id: string | null;
  expires_at: unknown;
  paid_at: unknown;
  created_at: unknown;
}

const columns =
  'id, kind, out_trade_no, member_id, openid, amount_fen, status, transaction_id, expires_at, paid_at, created_at';

function toOrder(row: PayOrderRow): PayOrder {
  return {
    id: row.id,
    kind: row.kind,
    outTradeNo: row.out_trade_no,
    memberId: row.member_id,
    openid: row.openid,
    amountFen: Number(row.amount_fen),
    status: row.status,
    transactionId: row.transaction_id,
    expiresAt: readInstant(row.expires_at),
    paidAt: row.paid_at === null ? null : readInstant(row.paid_at),
    createdAt: readInstant(row.created_at),
  };
}

export async function insertPayOrder(tx: Tx, order: Omit<PayOrder, 'status' | 'transactionId' | 'paidAt'>) {
  await execute(
    tx,
    `INSERT INTO pay_orders (id, kind, out_trade_no, member_id, openid, amount_fen, status, prepay_id, transaction_id,
       expires_at, paid_at, closed_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, ?, NULL, NULL, ?)`,
    [
      order.id,
      order.kind,
      order.outTradeNo,
      order.memberId,
      order.openid,
      order.amountFen,
      order.expiresAt,
      order.createdAt,
    ],
  );
}

/** The order by out_trade_no, locked for the rest of the transaction when `lock`. */
export async function findOrderByTradeNo(tx: Tx, outTradeNo: string, lock = false): Promise<PayOrder | null> {
  const [row] = await select<PayOrderRow>(
    tx,
    `SELECT ${columns} FROM pay_orders WHERE out_trade_no = ?${lock ? forUpdate(tx) : ''}`,
    [outTradeNo],
  );
  return row ? toOrder(row) : null;
}

export async function findOrderById(tx: Tx, id: string, lock = false): Promise<PayOrder | null> {
  const [row] = await select<PayOrderRow>(
    tx,
    `SELECT ${columns} FROM pay_orders WHERE id = ?${lock ? forUpdate(tx) : ''}`,
    [id],
  );
  return row ? toOrder(row) : null;
}

/** pending|closed → paid, once: the affected-row count says whether this transaction did it. */
export async function markOrderPaid(tx: Tx, id: string, transactionId: string, at: Date): Promise<boolean> {
  const affected = await execute(
    tx,
    "UPDATE pay_orders SET status = 'paid', transaction_id = ?, paid_at = ? WHERE id = ? AND status <> 'paid'",
    [transactionId, at, id],
  );
  return affected === 1;
}

export async function markOrderClosed(tx: Tx, id: string, at: Date): Promise<boolean> {
  const affected = await execute(
    tx,
    "UPDATE pay_orders SET status = 'closed', closed_at = ? WHERE id = ? AND status = 'pending'",
    [at, id],
  );
  return affected === 1;
}

/** Pending orders created at or before `before`, oldest first, after the (createdAt, id) cursor. */
export async function pendingOrdersBefore(
  db: Tx,
  before: Date,
  after: { createdAt: Date; id: string } | null,
  limit: number,
): Promise<PayOrder[]> {
  const rows = await select<PayOrderRow>(
    db,
    `SELECT ${columns} FROM pay_orders WHERE status = 'pending' AND created_at <= ?${
      after ? ' AND (created_at > ? OR (created_at = ? AND id > ?))' : ''
    } ORDER BY created_at, id LIMIT ?`,
    [before, ...(after ? [after.createdAt, after.createdAt, after.id] : []), limit],
  );
  return rows.map(toOrder);
}

/** One line per notification or reconciliation outcome, written outside the value-moving transaction. */
export async function logPayEvent(
  db: Tx,
  entry: {
    id: string;
    eventType: string | null;
    outTradeNo: string | null;
    outcome: string;
    detail?: string;
    at: Date;
  },
): Promise<void> {
  await execute(
    db,
    'INSERT INTO pay_notification_log (id, event_type, out_trade_no, outcome, detail, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    [entry.id, entry.eventType, entry.outTradeNo, entry.outcome.slice(0, 32), entry.detail ?? null, entry.at],
  );
}
