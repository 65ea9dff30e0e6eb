/** Errors of the WeChat clients. Callers map them to API errors; nothing here knows HTTP routes. */

/** WeChat answered with a non-zero errcode (api.weixin.qq.com). */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly endpoint: string,
  ) {
    super(`WeChat ${endpoint} failed: ${errcode} ${errmsg}`);
    this.name = 'WechatApiError';
  }

  /** -1 is WeChat's "system busy, retry"; 45011 and 45009 are quotas that pass with time. */
  get retryable(): boolean {
    return this.errcode === -1 || this.errcode === 45011 || this.errcode === 45009;
  }
}

/** WeChat could not be reached, timed out, or answered something that is not its API. */
export class WechatUnavailableError extends Error {
  constructor(
    readonly endpoint: string,
    readonly reason: string,
  ) {
    super(`WeChat ${endpoint} unavailable: ${reason}`);
    this.name = 'WechatUnavailableError';
  }
}

/** WeChat Pay answered 4xx/5xx with {code, message}. */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly endpoint: string,
  ) {
    super(`WeChat Pay ${endpoint} failed: ${status} ${code} ${detail}`);
    this.name = 'WechatPayError';
  }
}

export type NotificationRejection = 'bad_signature' | 'stale' | 'bad_ciphertext' | 'malformed';

/** A WeChat Pay notification that must not be applied; `reason` tells which check refused it. */
export class WechatPayNotificationError extends Error {
  constructor(
    readonly reason: NotificationRejection,
    message: string,
  ) {
    super(`WeChat Pay notification rejected (${reason}): ${message}`);
    this.name = 'WechatPayNotificationError';
  }
}

/** Legacy encryptedData could not be decrypted, or was not issued for our appid. */
export class LegacyDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LegacyDecryptError';
  }
}
