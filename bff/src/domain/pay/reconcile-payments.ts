import { inTransaction } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { type PayClient, WechatPayError, type WechatPayTransaction } from '../../wechat';
import { ulid } from '../shared/ulid';
import { applyWechatPayment, type PaymentContext } from './apply-wechat-payment';
import { applyWechatRefund } from './apply-wechat-refund';
import { payOrderKind } from './order-kinds';
import { findOrderById, logPayEvent, markOrderClosed, type PayOrder, pendingOrdersBefore } from './pay-orders';
import { moveRefund, openRefundsBefore, type PayRefund } from './pay-refunds';

/** An order or refund WeChat has not told us about this long after it began is asked about. */
export const RECONCILE_AFTER_MS = 5 * 60_000;
const BATCH = 100;

/**
 * The reconcile-payments job (WECHAT.md: delivery is not guaranteed). As of `asOf`:
 * - every order still pending RECONCILE_AFTER_MS after it was placed is queried at WeChat; paid →
 *   applied exactly as a notification would be; unpaid past its expiry → closed at WeChat, then
 *   here, and its kind releases what it held;
 * - every refund not yet final is asked about (or sent again, when WeChat never got it).
 * One order per transaction, never a transaction around a WeChat call. An order WeChat cannot be
 * asked about now stays pending for the next run. `processed` counts orders and refunds settled.
 */
export async function reconcilePayments(deps: AppDeps, asOf: Date): Promise<{ processed: number }> {
  const pay = deps.pay;
  if (!pay) return { processed: 0 };
  const context: PaymentContext = { appid: pay.appid, mchid: pay.mchid, at: asOf, failpoints: deps.failpoints };
  const before = new Date(asOf.getTime() - RECONCILE_AFTER_MS);
  let processed = 0;
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const orders = await pendingOrdersBefore(deps.dataSource.manager, before, after, BATCH);
    if (orders.length === 0) break;
    for (const order of orders) {
      if (await settleOrder(deps, pay.client, context, order).catch((error) => failed(deps, order.outTradeNo, error)))
        processed += 1;
    }
    const last = orders[orders.length - 1];
    after = { createdAt: last.createdAt, id: last.id };
  }
  for (const refund of await openRefundsBefore(deps.dataSource.manager, before, BATCH)) {
    if (await settleRefund(deps, pay.client, context, refund).catch((error) => failed(deps, refund.outRefundNo, error)))
      processed += 1;
  }
  return { processed };
}

async function settleOrder(deps: AppDeps, client: PayClient, context: PaymentContext, order: PayOrder) {
  const seen = await client.queryOrder(order.outTradeNo);
  if (seen && (seen.trade_state === 'SUCCESS' || seen.trade_state === 'REFUND')) return applyPaid(deps, context, seen);
  if (order.expiresAt > context.at) return false;
  if (seen?.trade_state === 'NOTPAY' || seen?.trade_state === 'USERPAYING') {
    try {
      await client.closeOrder(order.outTradeNo);
    } catch (error) {
      // Paid between our query and the close: apply it instead.
      if (error instanceof WechatPayError && error.code === 'ORDERPAID') {
        const paid = await client.queryOrder(order.outTradeNo);
        return paid ? applyPaid(deps, context, paid) : false;
      }
      throw error;
    }
  }
  const closed = await inTransaction(deps.dataSource, async (tx) => {
    if (!(await markOrderClosed(tx, order.id, context.at))) return false;
    await payOrderKind(order.kind).onClosed?.(tx, order, context.at);
    return true;
  });
  if (closed) await note(deps, 'RECONCILE.CLOSE', order.outTradeNo, 'closed');
  return closed;
}

async function applyPaid(deps: AppDeps, context: PaymentContext, seen: WechatPayTransaction) {
  const result = await inTransaction(deps.dataSource, (tx) => applyWechatPayment(tx, context, seen));
  const outcome = result.outcome === 'mismatch' ? `mismatch:${result.field}` : result.outcome;
  await note(deps, 'RECONCILE.PAYMENT', seen.out_trade_no, outcome);
  return result.outcome === 'applied';
}

async function settleRefund(deps: AppDeps, client: PayClient, context: PaymentContext, refund: PayRefund) {
  const order = await findOrderById(deps.dataSource.manager, refund.orderId);
  const outTradeNo = order?.outTradeNo ?? '';
  let seen = await client.queryRefund(refund.outRefundNo);
  if (!seen && refund.status === 'requested') {
    // WeChat never got the request (we crashed or it was down): send it again, same out_refund_no.
    seen = await client.refund({
      outTradeNo,
      outRefundNo: refund.outRefundNo,
      refundFen: refund.refundFen,
      totalFen: order?.amountFen ?? 0,
      notifyUrl: deps.config.WECHATPAY_NOTIFY_URL,
    });
  }
  if (!seen) return false;
  if (seen.status === 'PROCESSING') {
    await inTransaction(deps.dataSource, (tx) =>
      moveRefund(tx, refund.id, ['requested'], 'processing', { wechatRefundId: seen.refund_id }),
    );
    return false;
  }
  const result = await inTransaction(deps.dataSource, (tx) =>
    applyWechatRefund(tx, context, {
      out_trade_no: seen.out_trade_no,
      out_refund_no: seen.out_refund_no,
      refund_id: seen.refund_id,
      status: seen.status,
      refundFen: seen.amount.refund,
    }),
  );
  await note(deps, 'RECONCILE.REFUND', outTradeNo, result.outcome);
  return result.outcome === 'applied';
}

async function failed(deps: AppDeps, reference: string, error: unknown): Promise<false> {
  deps.logger.warn({ err: error, reference }, 'reconcile-payments: left for the next run');
  await note(deps, 'RECONCILE.ERROR', reference, 'failed', (error as Error).message);
  return false;
}

async function note(deps: AppDeps, eventType: string, outTradeNo: string, outcome: string, detail?: string) {
  await logPayEvent(deps.dataSource.manager, {
    id: ulid(),
    eventType,
    outTradeNo: outTradeNo.slice(0, 64),
    outcome,
    detail,
    at: deps.clock.now(),
  }).catch(() => undefined);
}
