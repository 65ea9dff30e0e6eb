import { execute, select, type Tx } from '../../db/tx';
import { postTransfer, voidTransfer } from '../ledger';
import type { PaymentContext } from './apply-wechat-payment';
import { findOrderById } from './pay-orders';
import { findRefundByNo, moveRefund, type PayRefund } from './pay-refunds';

/** The refund facts the BFF acts on, from a REFUND.* notification or a refund query. */
export interface RefundReport {
  mchid?: string;
  out_trade_no: string;
  out_refund_no: string;
  refund_id?: string;
  /** SUCCESS and CLOSED are final; ABNORMAL is not (WeChat's merchant console resolves it). */
  status: 'SUCCESS' | 'CLOSED' | 'ABNORMAL' | 'PROCESSING';
  refundFen: number;
}

export type RefundOutcome =
  | { outcome: 'applied'; refundId: string; status: string }
  | { outcome: 'duplicate'; refundId: string }
  | { outcome: 'unknown_refund' }
  | { outcome: 'mismatch'; refundId: string; field: 'mchid' | 'out_trade_no' | 'amount' };

/**
 * Settles a refund once: SUCCESS posts the holds (the paid value leaves the card for good, the
 * bonus goes back to HQ); CLOSED voids them (the member gets the same lots back) and frees the
 * order for another refund; ABNORMAL keeps them held and marks the refund for attention. A report
 * for a refund already final changes nothing.
 */
export async function applyWechatRefund(tx: Tx, context: PaymentContext, report: RefundReport): Promise<RefundOutcome> {
  const refund = await findRefundByNo(tx, report.out_refund_no, true);
  if (!refund) return { outcome: 'unknown_refund' };
  const order = await findOrderById(tx, refund.orderId);
  if (report.mchid !== undefined && report.mchid !== context.mchid)
    return { outcome: 'mismatch', refundId: refund.id, field: 'mchid' };
  if (order?.outTradeNo !== report.out_trade_no)
    return { outcome: 'mismatch', refundId: refund.id, field: 'out_trade_no' };
  if (report.refundFen !== refund.refundFen) return { outcome: 'mismatch', refundId: refund.id, field: 'amount' };
  if (refund.status === 'success' || refund.status === 'closed') return { outcome: 'duplicate', refundId: refund.id };
  if (report.status === 'PROCESSING') return { outcome: 'duplicate', refundId: refund.id };
  if (report.status === 'ABNORMAL') {
    const moved = await moveRefund(tx, refund.id, ['requested', 'processing'], 'abnormal', {
      wechatRefundId: report.refund_id,
    });
    return moved ? { outcome: 'applied', refundId: refund.id, status: 'abnormal' } : duplicate(refund);
  }
  const final = report.status === 'SUCCESS' ? 'success' : 'closed';
  const from: PayRefund['status'][] = ['requested', 'processing', 'abnormal'];
  if (!(await moveRefund(tx, refund.id, from, final, { wechatRefundId: report.refund_id, settledAt: context.at })))
    return duplicate(refund);
  await settleHolds(tx, refund, final === 'success', context.at);
  return { outcome: 'applied', refundId: refund.id, status: final };
}

function duplicate(refund: PayRefund): RefundOutcome {
  return { outcome: 'duplicate', refundId: refund.id };
}

/**
 * Posts or voids a refund's holds. A void gives each held lot back as a new lot (same issuer,
 * same funding); the top-up then points at those, so a later refund finds what is left of it.
 */
export async function settleHolds(tx: Tx, refund: PayRefund, post: boolean, at: Date): Promise<void> {
  const parts = [
    ['paid_lot_id', refund.refundHoldTransferId],
    ['bonus_lot_id', refund.bonusHoldTransferId],
  ] as const;
  for (const [column, transferId] of parts) {
    if (!transferId) continue;
    if (post) {
      await postTransfer(tx, transferId, at);
      continue;
    }
    await voidTransfer(tx, transferId, at);
    const [lot] = await select<{ id: string }>(tx, 'SELECT id FROM ledger_lots WHERE origin_transfer_id = ?', [
      transferId,
    ]);
    if (lot) await execute(tx, `UPDATE topups SET ${column} = ? WHERE order_id = ?`, [lot.id, refund.orderId]);
  }
}
