import type { PayParams } from '@tongka/shared-types';
import type { Tx } from '../../db/tx';
import { openidOf } from '../pay/create-topup';
import { registerPayOrderKind } from '../pay/order-kinds';
import type { PayDeps } from '../pay/pay-deps';
import { beijingTime, toPayAppError } from '../pay/pay-errors';
import { insertPayOrder, logPayEvent, type PayOrder } from '../pay/pay-orders';
import { ulid } from '../shared/ulid';
import { completeCashPartExchange } from './complete-cash-part';

/** pay_orders.kind of the cash part of a reward exchange; the order's id is the exchange's id. */
export const REWARD_EXCHANGE_KIND = 'REWARD_EXCHANGE';

export interface CashPartPayment {
  exchangeId: string;
  pointsHeld: number;
  cashFen: number;
  expiresAt: string;
  outTradeNo: string;
  payParams: PayParams;
}

/**
 * The cash part of an exchange whose points are held: a JSAPI order for the member's openid that
 * lapses when the hold does. Runs in the exchange's (Idempotency-Key's) transaction, so a refusal
 * or an outage at WeChat undoes the hold and the stock with it.
 */
export async function startCashPartPayment(
  tx: Tx,
  pay: PayDeps,
  input: {
    memberId: string;
    exchangeId: string;
    pointsHeld: number;
    cashFen: number;
    expiresAt: string;
    description: string;
    notifyUrl: string;
    now: Date;
  },
): Promise<CashPartPayment> {
  const openid = await openidOf(tx, input.memberId, pay.appid);
  const outTradeNo = `RX${input.exchangeId}`;
  const expiresAt = new Date(input.expiresAt);
  await insertPayOrder(tx, {
    id: input.exchangeId,
    kind: REWARD_EXCHANGE_KIND,
    outTradeNo,
    memberId: input.memberId,
    openid,
    amountFen: input.cashFen,
    expiresAt,
    createdAt: input.now,
  });
  const { payParams } = await pay.client
    .createJsapiOrder({
      description: input.description.slice(0, 120),
      outTradeNo,
      notifyUrl: input.notifyUrl,
      amountFen: input.cashFen,
      openid,
      timeExpire: beijingTime(expiresAt),
      attach: REWARD_EXCHANGE_KIND,
    })
    .catch((error) => {
      throw toPayAppError(error);
    });
  const { exchangeId, pointsHeld, cashFen } = input;
  return { exchangeId, pointsHeld, cashFen, expiresAt: input.expiresAt, outTradeNo, payParams };
}

/**
 * Paid: the held points are posted and the pickup code given. If the hold was already voided (the
 * release-reward-holds job came first), the exchange stays cancelled and the payment is written to
 * pay_notification_log as `paid_after_void` for a refund by hand; nothing is resurrected.
 */
async function applyCashPartPayment(tx: Tx, order: PayOrder, at: Date): Promise<void> {
  const result = await completeCashPartExchange(tx, { exchangeId: order.id, outcome: 'paid', at });
  if (result.status === 'cancelled') {
    await logPayEvent(tx, {
      id: ulid(),
      eventType: 'REWARD_EXCHANGE.PAID_AFTER_VOID',
      outTradeNo: order.outTradeNo,
      outcome: 'paid_after_void',
      detail: `exchange ${order.id} was voided before the payment of ${order.amountFen} fen; refund by hand`,
      at,
    });
  }
}

/** Closed unpaid at WeChat (reconcile-payments): the hold is voided and the stock returned, once. */
async function closeCashPart(tx: Tx, order: PayOrder, at: Date): Promise<void> {
  await completeCashPartExchange(tx, { exchangeId: order.id, outcome: 'timed-out', at });
}

registerPayOrderKind(REWARD_EXCHANGE_KIND, { applyPayment: applyCashPartPayment, onClosed: closeCashPart });
