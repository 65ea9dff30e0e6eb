import { inTransaction } from '../../db/tx';
import type { AppDeps } from '../../deps';
import {
  type PaymentResource,
  type RefundResource,
  type VerifiedNotification,
  verifyAndDecryptNotification,
  WechatPayNotificationError,
} from '../../wechat';
import { ulid } from '../shared/ulid';
import { applyWechatPayment, type PaymentContext } from './apply-wechat-payment';
import { applyWechatRefund } from './apply-wechat-refund';
import { requirePay } from './pay-errors';
import { logPayEvent } from './pay-orders';

/**
 * What the notify route answers (API.md "WeChat Pay callbacks"; WECHAT.md: the HTTP status
 * decides): `received` → 204 (applied, already applied, or not ours and logged); `bad_signature` →
 * 401 SIGN_ERROR (signature, unknown serial, timestamp beyond ±5 minutes); `refused` → 400 FAIL (a
 * verified notification whose content we cannot accept: tampered ciphertext, an amount, mchid or
 * appid that is not our order's; WeChat retries and every try is logged); `failed` → 500 FAIL (our
 * fault; WeChat retries and the retry or reconcile-payments completes it).
 */
export type NotificationAnswer = { answer: 'received' | 'bad_signature' | 'refused' | 'failed'; message: string };

export async function receivePayNotification(
  deps: AppDeps,
  input: { headers: Record<string, string | string[] | undefined>; rawBody: Buffer },
): Promise<NotificationAnswer> {
  const pay = requirePay(deps.pay);
  const at = deps.clock.now();
  let notification: VerifiedNotification<unknown>;
  try {
    notification = await verifyAndDecryptNotification({ ...input, now: at }, pay.keys);
  } catch (error) {
    if (!(error instanceof WechatPayNotificationError)) {
      // E.g. the platform certificates could not be fetched: our side, so WeChat should retry.
      deps.logger.error({ err: error }, 'pay notification could not be verified');
      await log(deps, null, null, 'failed', (error as Error).message);
      return { answer: 'failed', message: 'could not verify the notification now; retry later' };
    }
    await log(deps, null, null, `rejected:${error.reason}`, error.message);
    const signature = error.reason === 'bad_signature' || error.reason === 'stale';
    return { answer: signature ? 'bad_signature' : 'refused', message: error.message };
  }
  const context: PaymentContext = { appid: pay.appid, mchid: pay.mchid, at, failpoints: deps.failpoints };
  try {
    return await apply(deps, context, notification);
  } catch (error) {
    deps.logger.error({ err: error, eventType: notification.eventType }, 'pay notification failed to apply');
    await log(deps, notification.eventType, tradeNoOf(notification), 'failed', (error as Error).message);
    return { answer: 'failed', message: 'could not apply the notification now; retry later' };
  }
}

async function apply(
  deps: AppDeps,
  context: PaymentContext,
  notification: VerifiedNotification<unknown>,
): Promise<NotificationAnswer> {
  const { eventType } = notification;
  const outTradeNo = tradeNoOf(notification);
  if (eventType === 'TRANSACTION.SUCCESS') {
    const resource = notification.resource as PaymentResource;
    const result = await inTransaction(deps.dataSource, (tx) => applyWechatPayment(tx, context, resource));
    const outcome = result.outcome === 'mismatch' ? `mismatch:${result.field}` : result.outcome;
    await log(deps, eventType, outTradeNo, outcome, notification.id);
    if (result.outcome === 'mismatch') {
      deps.logger.error({ outTradeNo, field: result.field }, 'pay notification does not match our order');
      return { answer: 'refused', message: `${result.field} does not match the order` };
    }
    return { answer: 'received', message: outcome };
  }
  if (eventType.startsWith('REFUND.')) {
    const resource = notification.resource as RefundResource;
    const result = await inTransaction(deps.dataSource, (tx) =>
      applyWechatRefund(tx, context, {
        mchid: resource.mchid,
        out_trade_no: resource.out_trade_no,
        out_refund_no: resource.out_refund_no,
        refund_id: resource.refund_id,
        status: resource.refund_status,
        refundFen: resource.amount?.refund,
      }),
    );
    const outcome = result.outcome === 'mismatch' ? `mismatch:${result.field}` : result.outcome;
    await log(deps, eventType, outTradeNo, outcome, `${notification.id} ${resource.out_refund_no}`);
    if (result.outcome === 'mismatch')
      return { answer: 'refused', message: `${result.field} does not match the refund` };
    return { answer: 'received', message: outcome };
  }
  await log(deps, eventType, outTradeNo, 'ignored', notification.id);
  return { answer: 'received', message: 'ignored' };
}

function tradeNoOf(notification: VerifiedNotification<unknown>): string | null {
  const value = (notification.resource as { out_trade_no?: unknown } | null)?.out_trade_no;
  return typeof value === 'string' ? value.slice(0, 64) : null;
}

/** Every notification leaves a line, whatever became of it; a failing log never changes the answer. */
async function log(
  deps: AppDeps,
  eventType: string | null,
  outTradeNo: string | null,
  outcome: string,
  detail: string,
) {
  deps.logger.info({ eventType, outTradeNo, outcome }, 'pay notification');
  await logPayEvent(deps.dataSource.manager, {
    id: ulid(),
    eventType: eventType?.slice(0, 32) ?? null,
    outTradeNo,
    outcome,
    detail: detail.slice(0, 2000),
    at: deps.clock.now(),
  }).catch((error) => deps.logger.warn({ err: error }, 'pay notification log write failed'));
}
