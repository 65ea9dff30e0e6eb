import type { Tx } from '../../db/tx';
import type { PaymentResource } from '../../wechat';
import { payOrderKind } from './order-kinds';
import type { Failpoints } from './pay-deps';
import { findOrderByTradeNo, markOrderPaid } from './pay-orders';

export interface PaymentContext {
  appid: string;
  mchid: string;
  at: Date;
  failpoints?: Failpoints;
}

/** What became of a payment report (a notification or a query answer). */
export type PaymentOutcome =
  | { outcome: 'applied'; orderId: string }
  | { outcome: 'duplicate'; orderId: string }
  | { outcome: 'unknown_order' }
  | { outcome: 'not_paid'; orderId: string; tradeState: string }
  | { outcome: 'mismatch'; orderId: string; field: 'mchid' | 'appid' | 'amount' };

/**
 * Applies WeChat's word that an order is paid, exactly once: the order row is locked, checked
 * against what WeChat says (mchid, appid, amount), moved to paid by a conditional UPDATE, and its
 * kind's effect (a top-up's credit) written, all in the caller's transaction. A second report, at
 * the same moment or a day later, finds it paid and changes nothing. A paid report for an order we
 * closed is still applied: WeChat took the money.
 */
export async function applyWechatPayment(
  tx: Tx,
  context: PaymentContext,
  resource: PaymentResource,
): Promise<PaymentOutcome> {
  const order = await findOrderByTradeNo(tx, resource.out_trade_no, true);
  if (!order) return { outcome: 'unknown_order' };
  if (resource.mchid !== context.mchid) return { outcome: 'mismatch', orderId: order.id, field: 'mchid' };
  if (resource.appid !== context.appid) return { outcome: 'mismatch', orderId: order.id, field: 'appid' };
  if (resource.amount?.total !== order.amountFen) return { outcome: 'mismatch', orderId: order.id, field: 'amount' };
  if (resource.trade_state !== 'SUCCESS' && resource.trade_state !== 'REFUND') {
    return { outcome: 'not_paid', orderId: order.id, tradeState: resource.trade_state };
  }
  if (order.status === 'paid') return { outcome: 'duplicate', orderId: order.id };
  if (!(await markOrderPaid(tx, order.id, resource.transaction_id ?? '', context.at))) {
    return { outcome: 'duplicate', orderId: order.id };
  }
  await payOrderKind(order.kind).applyPayment(tx, order, context.at);
  // Tests stop here to stand for a process killed after WeChat answered and before our commit.
  await context.failpoints?.hit('pay.apply-payment.before-commit');
  return { outcome: 'applied', orderId: order.id };
}
