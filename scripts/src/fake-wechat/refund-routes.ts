import type { FakeContext } from './fake-context';
import { parseJsonObject, type RequestContext, type Route, str } from './http-kit';
import { newRefund, refundView, settleRefund } from './pay-orders';
import { payRoute, sendPay, sendPayError } from './pay-response';
import type { PayOrder } from './state';

/** POST /v3/refund/domestic/refunds and GET /v3/refund/domestic/refunds/{out_refund_no}. */

interface RefundBody {
  outRefundNo: string;
  refundFen: number;
  totalFen: number;
  reason?: string;
  notifyUrl?: string;
}

function parseRefundBody(body: Record<string, unknown>): RefundBody | string {
  const amount = body.amount as { refund?: unknown; total?: unknown; currency?: unknown } | undefined;
  const outRefundNo = str(body.out_refund_no) ?? '';
  if (!/^[0-9A-Za-z_\-|*@]{1,64}$/.test(outRefundNo)) return '参数错误: out_refund_no';
  if (!amount || !Number.isInteger(amount.refund) || (amount.refund as number) < 1) return '参数错误: amount.refund';
  if (!Number.isInteger(amount.total) || (amount.total as number) < 1) return '参数错误: amount.total';
  if (amount.currency !== 'CNY') return '参数错误: amount.currency';
  const notifyUrl = str(body.notify_url);
  if (body.notify_url !== undefined && !/^https?:\/\/[^\s?#]+$/.test(notifyUrl ?? '')) return '参数错误: notify_url';
  return {
    outRefundNo,
    refundFen: amount.refund as number,
    totalFen: amount.total as number,
    reason: str(body.reason),
    notifyUrl,
  };
}

function findOrder(fake: FakeContext, body: Record<string, unknown>): PayOrder | undefined {
  const outTradeNo = str(body.out_trade_no);
  if (outTradeNo) return fake.state.orders.get(outTradeNo);
  const transactionId = str(body.transaction_id);
  return [...fake.state.orders.values()].find((order) => transactionId && order.transactionId === transactionId);
}

function refundedFen(fake: FakeContext, outTradeNo: string): number {
  return [...fake.state.refunds.values()]
    .filter((refund) => refund.outTradeNo === outTradeNo && refund.status !== 'CLOSED')
    .reduce((sum, refund) => sum + refund.refundFen, 0);
}

function createRefund(fake: FakeContext, ctx: RequestContext) {
  const body = parseJsonObject(ctx.rawBody);
  if (!body) return sendPayError(fake, ctx, 400, 'PARAM_ERROR', '请求体不是合法的JSON');
  const input = parseRefundBody(body);
  if (typeof input === 'string') return sendPayError(fake, ctx, 400, 'PARAM_ERROR', input);
  const order = findOrder(fake, body);
  if (!order) return sendPayError(fake, ctx, 404, 'RESOURCE_NOT_EXISTS', '订单不存在');
  if (!order.transactionId) return sendPayError(fake, ctx, 400, 'INVALID_REQUEST', '订单未支付');
  if (input.totalFen !== order.totalFen)
    return sendPayError(fake, ctx, 400, 'PARAM_ERROR', '订单金额与原订单金额不一致');
  const existing = fake.state.refunds.get(input.outRefundNo);
  if (existing) {
    const same = existing.outTradeNo === order.outTradeNo && existing.refundFen === input.refundFen;
    if (!same) return sendPayError(fake, ctx, 400, 'INVALID_REQUEST', '退款单号重复且参数不一致');
    return sendPay(fake, ctx, 200, refundView(existing));
  }
  if (refundedFen(fake, order.outTradeNo) + input.refundFen > order.totalFen) {
    return sendPayError(fake, ctx, 400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
  }
  const refund = newRefund(order, input, fake.state.now());
  fake.state.refunds.set(refund.outRefundNo, refund);
  order.state = 'REFUND';
  sendPay(fake, ctx, 200, refundView(refund));
  if (!fake.settings.holdRefunds) {
    fake.later(fake.refundSettleDelayMs, () => {
      if (refund.status === 'PROCESSING') settleRefund(fake, refund, 'SUCCESS');
    });
  }
}

function queryRefund(fake: FakeContext, ctx: RequestContext) {
  const refund = fake.state.refunds.get(decodeURIComponent(ctx.params.no));
  if (!refund) return sendPayError(fake, ctx, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
  sendPay(fake, ctx, 200, refundView(refund));
}

export function refundRoutes(fake: FakeContext): Route[] {
  return [
    payRoute(fake, 'POST', '/v3/refund/domestic/refunds', (ctx) => createRefund(fake, ctx)),
    payRoute(fake, 'GET', '/v3/refund/domestic/refunds/:no', (ctx) => queryRefund(fake, ctx)),
  ];
}
