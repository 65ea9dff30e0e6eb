import { execute, select, type Tx } from '../../db/tx';
import { creditStoredValue } from '../ledger';
import { noteRefereePayer } from '../referral/fraud-checks';
import { registerPayOrderKind } from './order-kinds';
import type { PayOrder } from './pay-orders';

/** The TOPUP kind of pay order: what it issues, and the credit when WeChat says it is paid. */

export const TOPUP_KIND = 'TOPUP';

export interface Topup {
  orderId: string;
  issuerStoreId: string | null;
  paidFen: number;
  bonusFen: number;
  paidLotId: string | null;
  bonusLotId: string | null;
}

interface TopupRow {
  order_id: string;
  issuer_store_id: string | null;
  paid_fen: string | number;
  bonus_fen: string | number;
  paid_lot_id: string | null;
  bonus_lot_id: string | null;
}

export async function insertTopup(
  tx: Tx,
  topup: Omit<Topup, 'paidLotId' | 'bonusLotId'> & { bonusRuleId: string | null },
) {
  await execute(
    tx,
    'INSERT INTO topups (order_id, issuer_store_id, paid_fen, bonus_fen, bonus_rule_id, paid_lot_id, bonus_lot_id) VALUES (?, ?, ?, ?, ?, NULL, NULL)',
    [topup.orderId, topup.issuerStoreId, topup.paidFen, topup.bonusFen, topup.bonusRuleId],
  );
}

export async function findTopup(db: Tx, orderId: string): Promise<Topup | null> {
  const [row] = await select<TopupRow>(
    db,
    'SELECT order_id, issuer_store_id, paid_fen, bonus_fen, paid_lot_id, bonus_lot_id FROM topups WHERE order_id = ?',
    [orderId],
  );
  if (!row) return null;
  return {
    orderId: row.order_id,
    issuerStoreId: row.issuer_store_id,
    paidFen: Number(row.paid_fen),
    bonusFen: Number(row.bonus_fen),
    paidLotId: row.paid_lot_id,
    bonusLotId: row.bonus_lot_id,
  };
}

/** The member who holds the card now: a member merged since ordering is followed to the survivor. */
export async function survivorOf(tx: Tx, memberId: string): Promise<string> {
  let current = memberId;
  for (let hops = 0; hops < 10; hops++) {
    const [row] = await select<{ merged_into_id: string | null }>(
      tx,
      'SELECT merged_into_id FROM members WHERE id = ?',
      [current],
    );
    if (!row?.merged_into_id) return current;
    current = row.merged_into_id;
  }
  return current;
}

/**
 * Paid: the paid value as a TOPUP from the issuing store (or HQ), then the bonus as a separate
 * HQ-funded TOPUP_BONUS lot, created after it so the paid value of a top-up is spent before its
 * bonus. Settlement follows the lots: a store spending them elsewhere is owed by the issuer (paid
 * value) and by HQ (bonus).
 */
async function applyTopupPayment(tx: Tx, order: PayOrder, at: Date): Promise<void> {
  const topup = await findTopup(tx, order.id);
  if (!topup) throw new Error(`pay order ${order.id} has no topup row`);
  const memberId = await survivorOf(tx, order.memberId);
  const cause = { causeType: 'topup', causeId: order.id };
  const paid = await creditStoredValue(tx, {
    memberId,
    storeId: topup.issuerStoreId,
    fen: topup.paidFen,
    kind: 'TOPUP',
    fundedBy: topup.issuerStoreId ? 'STORE' : 'HQ',
    idempotencyKey: `topup:${order.id}:paid`,
    note: '微信支付充值',
    at,
    ...cause,
  });
  const bonus =
    topup.bonusFen > 0
      ? await creditStoredValue(tx, {
          memberId,
          storeId: topup.issuerStoreId,
          fen: topup.bonusFen,
          kind: 'TOPUP_BONUS',
          fundedBy: 'HQ',
          idempotencyKey: `topup:${order.id}:bonus`,
          note: '总部出资',
          at,
          ...cause,
        })
      : null;
  await execute(tx, 'UPDATE topups SET paid_lot_id = ?, bonus_lot_id = ? WHERE order_id = ?', [
    paid.lotId,
    bonus?.lotId ?? null,
    order.id,
  ]);
  // Referral fraud check: the same WeChat payer behind several referees of one referrer.
  await noteRefereePayer(tx, { memberId, payerRef: order.openid, at });
}

registerPayOrderKind(TOPUP_KIND, { applyPayment: applyTopupPayment });
