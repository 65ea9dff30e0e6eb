import { execute, isSqlite, select, type Tx } from '../../db/tx';
import type { CheckoutFacts, RefundFacts } from '../checkout/checkout-hooks';

/**
 * report_daily_sales, per chain-time day of the sale and store: order amounts net of refunds to the
 * store's own members and to visiting members (the split the cashier's day view shows), written in
 * the checkout's or refund's transaction (a refund counts against the day of its sale).
 */
async function addSales(
  tx: Tx,
  row: { localDate: string; storeId: string; own: number; visiting: number; checkouts: number },
) {
  await execute(
    tx,
    `INSERT INTO report_daily_sales (local_date, store_id, own_fen, visiting_fen, checkouts) VALUES (?, ?, ?, ?, ?) ${
      isSqlite(tx.connection)
        ? 'ON CONFLICT (local_date, store_id) DO UPDATE SET own_fen = own_fen + excluded.own_fen, visiting_fen = visiting_fen + excluded.visiting_fen, checkouts = checkouts + excluded.checkouts'
        : 'ON DUPLICATE KEY UPDATE own_fen = own_fen + VALUES(own_fen), visiting_fen = visiting_fen + VALUES(visiting_fen), checkouts = checkouts + VALUES(checkouts)'
    }`,
    [row.localDate, row.storeId, row.own, row.visiting, row.checkouts],
  );
}

export async function rollUpCheckoutSales(tx: Tx, facts: CheckoutFacts): Promise<void> {
  if (facts.amountFen === undefined || !facts.localDate) return;
  const own = facts.memberHomeStoreId === facts.storeId;
  await addSales(tx, {
    localDate: facts.localDate,
    storeId: facts.storeId,
    own: own ? facts.amountFen : 0,
    visiting: own ? 0 : facts.amountFen,
    checkouts: 1,
  });
}

export async function rollUpRefundSales(tx: Tx, facts: RefundFacts): Promise<void> {
  if (!facts.refundedFen) return;
  const [sale] = await select<{ local_date: string; store_id: string; member_home_store_id: string | null }>(
    tx,
    'SELECT local_date, store_id, member_home_store_id FROM checkouts WHERE id = ?',
    [facts.checkoutId],
  );
  if (!sale) return;
  const own = (sale.member_home_store_id ?? sale.store_id) === sale.store_id;
  await addSales(tx, {
    localDate: sale.local_date,
    storeId: sale.store_id,
    own: own ? -facts.refundedFen : 0,
    visiting: own ? 0 : -facts.refundedFen,
    checkouts: 0,
  });
}
