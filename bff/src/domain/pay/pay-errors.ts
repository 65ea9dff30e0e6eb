import { WechatPayError, WechatUnavailableError } from '../../wechat';
import { AppError } from '../shared/app-error';
import type { PayDeps } from './pay-deps';

/** WeChat Pay failures as API errors: an outage is retryable, a refusal is WeChat's answer passed on. */
export function toPayAppError(error: unknown): unknown {
  if (error instanceof WechatUnavailableError) {
    return new AppError('WECHAT_UNAVAILABLE', 'WeChat Pay is not answering right now; please try again.', {
      retryable: true,
    });
  }
  if (error instanceof WechatPayError) {
    return new AppError('WECHAT_PAY_REJECTED', 'WeChat Pay refused the request.', {
      wechatCode: error.code,
      wechatStatus: error.status,
    });
  }
  return error;
}

export function requirePay(pay: PayDeps | undefined): PayDeps {
  if (!pay) throw new AppError('PAY_NOT_CONFIGURED', 'WeChat Pay is not configured on this server.');
  return pay;
}

/** WeChat's time format: RFC 3339 in Beijing time, e.g. 2026-01-02T15:04:05+08:00. */
export function beijingTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}
