import { randomBytes } from 'node:crypto';
import type { FakeContext } from './fake-context';
import { beijingTime, type NotifyOptions, sendNotification } from './notifier';
import type { PayOrder, PayRefund, RefundStatus } from './state';

/** State changes of orders and refunds that the control endpoints and pay routes share. */

function digits(count: number): string {
  return Array.from(randomBytes(count), (byte) => String(byte % 10)).join('');
}

export function newPrepayId(): string {
  return `wx${digits(14)}${randomBytes(9).toString('hex')}0000`;
}

const tradeStateDesc: Record<PayOrder['state'], string> = {
  NOTPAY: '订单未支付',
  SUCCESS: '支付成功',
  CLOSED: '订单已关闭',
  REFUND: '转入退款',
};

/** The order as GET /v3/pay/transactions/out-trade-no/{no} shows it. */
export function orderView(order: PayOrder): Record<string, unknown> {
  const paid = order.transactionId !== undefined;
  return {
    appid: order.appid,
    mchid: order.mchid,
    out_trade_no: order.outTradeNo,
    ...(paid
      ? {
          transaction_id: order.transactionId,
          success_time: order.successTime,
          bank_type: 'OTHERS',
        }
      : {}),
    trade_type: 'JSAPI',
    trade_state: order.state,
    trade_state_desc: tradeStateDesc[order.state],
    ...(order.attach !== undefined ? { attach: order.attach } : {}),
    payer: { openid: order.openid },
    amount: paid
      ? {
          total: order.totalFen,
          payer_total: order.totalFen,
          currency: 'CNY',
          payer_currency: 'CNY',
        }
      : { total: order.totalFen, currency: 'CNY' },
  };
}

/** Marks the order paid (once) and notifies its notify_url; a paid order is simply notified again. */
export function payOrder(fake: FakeContext, order: PayOrder, options: NotifyOptions) {
  if (order.state === 'NOTPAY') {
    order.state = 'SUCCESS';
    order.transactionId = `4200${digits(24)}`;
    order.successTime = beijingTime(fake.state.now());
  }
  return sendNotification(
    fake,
    {
      eventType: 'TRANSACTION.SUCCESS',
      summary: '支付成功',
      originalType: 'transaction',
      resource: {
        ...orderView(order),
        trade_state: 'SUCCESS',
        trade_state_desc: '支付成功',
      },
      url: order.notifyUrl,
      outTradeNo: order.outTradeNo,
    },
    options,
  );
}

export function newRefund(
  order: PayOrder,
  input: {
    outRefundNo: string;
    refundFen: number;
    reason?: string;
    notifyUrl?: string;
  },
  now: number,
): PayRefund {
  return {
    refundId: `50${digits(27)}`,
    outRefundNo: input.outRefundNo,
    outTradeNo: order.outTradeNo,
    transactionId: order.transactionId ?? '',
    refundFen: input.refundFen,
    totalFen: order.totalFen,
    reason: input.reason,
    notifyUrl: input.notifyUrl,
    status: 'PROCESSING',
    createTime: beijingTime(now),
  };
}

/** The refund as POST /v3/refund/domestic/refunds and GET .../refunds/{no} show it. */
export function refundView(refund: PayRefund): Record<string, unknown> {
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.transactionId,
    out_trade_no: refund.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(refund.successTime ? { success_time: refund.successTime } : {}),
    create_time: refund.createTime,
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: refund.totalFen,
      refund: refund.refundFen,
      payer_total: refund.totalFen,
      payer_refund: refund.refundFen,
      settlement_refund: refund.refundFen,
      settlement_total: refund.totalFen,
      discount_refund: 0,
      currency: 'CNY',
      refund_fee: 0,
    },
  };
}

const refundEvents = {
  SUCCESS: 'REFUND.SUCCESS',
  CLOSED: 'REFUND.CLOSED',
  ABNORMAL: 'REFUND.ABNORMAL',
} as const;

/** Moves a refund to a final-looking status and notifies (refund notify_url, else the order's). */
export function settleRefund(
  fake: FakeContext,
  refund: PayRefund,
  status: Exclude<RefundStatus, 'PROCESSING'>,
  options: NotifyOptions = {},
) {
  const order = fake.state.orders.get(refund.outTradeNo);
  refund.status = status;
  if (status === 'SUCCESS') refund.successTime = beijingTime(fake.state.now());
  const url = refund.notifyUrl ?? order?.notifyUrl;
  if (!url) return undefined;
  return sendNotification(
    fake,
    {
      eventType: refundEvents[status],
      summary: status === 'SUCCESS' ? '退款成功' : status === 'CLOSED' ? '退款关闭' : '退款异常',
      originalType: 'refund',
      resource: {
        mchid: fake.mchid,
        out_trade_no: refund.outTradeNo,
        transaction_id: refund.transactionId,
        out_refund_no: refund.outRefundNo,
        refund_id: refund.refundId,
        refund_status: status,
        ...(refund.successTime ? { success_time: refund.successTime } : {}),
        user_received_account: '支付用户零钱',
        amount: {
          total: refund.totalFen,
          refund: refund.refundFen,
          payer_total: refund.totalFen,
          payer_refund: refund.refundFen,
        },
      },
      url,
      outTradeNo: refund.outTradeNo,
      outRefundNo: refund.outRefundNo,
    },
    options,
  );
}
