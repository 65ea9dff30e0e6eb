import { createCipheriv, randomBytes } from 'node:crypto';
import type { FakeContext } from './fake-context';
import type { NotifyOptions } from './notifier';
import { payOrder, refundView, settleRefund } from './pay-orders';
import type { FailureRule, NotificationRecord, RefundStatus } from './state';

/** What tests and the H5 demo do "as the user" or "as WeChat", shared by code and HTTP control. */

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function newCode(): string {
  return randomBytes(24).toString('base64url').slice(0, 32);
}

/** What `wx.login()` would hand the mini-program for this user. */
export function issueLoginCode(fake: FakeContext, openid: string, unionid?: string): string {
  if (!openid) throw new ControlError(400, 'openid is required');
  const user = fake.state.users.get(openid);
  if (!user)
    fake.state.users.set(openid, {
      openid,
      unionid,
      sessionKey: randomBytes(16).toString('base64'),
    });
  else if (unionid) user.unionid = unionid;
  const code = newCode();
  fake.state.loginCodes.set(code, {
    openid,
    unionid: unionid ?? user?.unionid,
    issuedAtMs: fake.state.now(),
    used: false,
  });
  return code;
}

/** What the getPhoneNumber button would hand the mini-program (`e.detail.code`). */
export function issuePhoneCode(fake: FakeContext, phoneNumber: string, countryCode: string | number = 86): string {
  if (!/^\d{5,15}$/.test(phoneNumber))
    throw new ControlError(400, 'phoneNumber must be 5-15 digits without country code');
  const code = newCode();
  fake.state.phoneCodes.set(code, {
    phoneNumber,
    countryCode,
    issuedAtMs: fake.state.now(),
    used: false,
  });
  return code;
}

/** The legacy getPhoneNumber payload: AES-128-CBC with the user's session_key. */
export function issueLegacyPhone(fake: FakeContext, openid: string, phoneNumber: string, appid = fake.appid) {
  const user = fake.state.users.get(openid);
  if (!user) throw new ControlError(404, 'unknown openid: issue a login code first');
  const iv = randomBytes(16);
  const payload = {
    phoneNumber,
    purePhoneNumber: phoneNumber,
    countryCode: '86',
    watermark: { timestamp: Math.floor(fake.state.now() / 1000), appid },
  };
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(user.sessionKey, 'base64'), iv);
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return {
    encryptedData: encrypted.toString('base64'),
    iv: iv.toString('base64'),
    sessionKey: user.sessionKey,
  };
}

export interface PayControlOptions extends NotifyOptions {
  /** Answer only after the first delivery attempt(s) finished. */
  awaitDelivery?: boolean;
}

/** The user pays: the order becomes SUCCESS and TRANSACTION.SUCCESS goes to its notify_url. */
export async function payByControl(fake: FakeContext, outTradeNo: string, options: PayControlOptions = {}) {
  const order = fake.state.orders.get(outTradeNo);
  if (!order) throw new ControlError(404, `no order ${outTradeNo}`);
  if (order.state === 'CLOSED') throw new ControlError(409, `order ${outTradeNo} is closed`);
  if (order.state === 'NOTPAY' && order.timeExpireMs !== undefined && fake.state.now() > order.timeExpireMs)
    throw new ControlError(409, `order ${outTradeNo} expired at its time_expire`);
  const { records, firstAttempts } = payOrder(fake, order, options);
  if (options.awaitDelivery) await firstAttempts;
  return {
    outTradeNo,
    transactionId: order.transactionId,
    notifications: records.map(summarizeNotification),
  };
}

export async function settleRefundByControl(
  fake: FakeContext,
  outRefundNo: string,
  status: RefundStatus,
  options: PayControlOptions = {},
) {
  const refund = fake.state.refunds.get(outRefundNo);
  if (!refund) throw new ControlError(404, `no refund ${outRefundNo}`);
  if (status === 'PROCESSING') throw new ControlError(400, 'status must be SUCCESS, CLOSED or ABNORMAL');
  const sent = settleRefund(fake, refund, status, options);
  if (options.awaitDelivery && sent) await sent.firstAttempts;
  return {
    refund: refundView(refund),
    notifications: (sent?.records ?? []).map(summarizeNotification),
  };
}

export function addFailure(fake: FakeContext, input: Omit<FailureRule, 'remaining'> & { times?: number }): FailureRule {
  if (!input.path?.startsWith('/')) throw new ControlError(400, 'path must start with /');
  if (input.errcode === undefined && input.httpStatus === undefined && !input.reset && input.delayMs === undefined) {
    throw new ControlError(400, 'give errcode, httpStatus, reset or delayMs');
  }
  const { times, ...rule } = input;
  const failure: FailureRule = { ...rule, remaining: times ?? 1 };
  fake.state.failures.push(failure);
  return failure;
}

export function summarizeNotification(record: NotificationRecord) {
  return {
    id: record.id,
    eventType: record.eventType,
    outTradeNo: record.outTradeNo,
    outRefundNo: record.outRefundNo,
    url: record.url,
    duplicate: record.duplicate,
    state: record.state,
    attempts: record.attempts,
  };
}
