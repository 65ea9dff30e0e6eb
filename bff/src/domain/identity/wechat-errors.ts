import { LegacyDecryptError, WechatApiError, WechatUnavailableError } from '../../wechat';
import { AppError } from '../shared/app-error';

/**
 * WeChat's answers as API errors (WECHAT.md "Login", "Phone number"): the caller can fix a bad
 * code; quota and outages are retryable; a blocked user is told so.
 */
export function toWechatAppError(error: unknown): unknown {
  if (error instanceof WechatUnavailableError) {
    return new AppError('WECHAT_UNAVAILABLE', 'WeChat is not answering right now; please try again.', {
      retryable: true,
    });
  }
  if (error instanceof LegacyDecryptError) {
    return new AppError('PHONE_DECRYPT_FAILED', 'The phone number could not be read; tap the button again.');
  }
  if (!(error instanceof WechatApiError)) return error;
  switch (error.errcode) {
    case 40029:
      return new AppError('INVALID_WECHAT_CODE', 'The WeChat code is invalid or expired; get a new one.');
    case 45011:
      return new AppError('WECHAT_RATE_LIMITED', 'Too many WeChat sign-ins just now; wait a minute.', {
        retryAfterSeconds: 60,
      });
    case 40226:
      return new AppError('WECHAT_USER_BLOCKED', 'WeChat has blocked this account from signing in.');
    case -1:
      return new AppError('WECHAT_UNAVAILABLE', 'WeChat is busy; please try again.', { retryable: true });
    default:
      // 40013 / 40125 / 40001...: our configuration, not the caller's fault.
      return new AppError('WECHAT_UNAVAILABLE', `WeChat refused the request (${error.errcode}).`, {
        retryable: false,
        errcode: error.errcode,
      });
  }
}

/** Runs a WeChat call and rethrows its failure as the matching AppError. */
export async function callWechat<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toWechatAppError(error);
  }
}
