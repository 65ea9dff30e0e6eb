/** Everything the fake remembers; `reset()` forgets it (keys and settings stay). */

export interface LoginCode {
  openid: string;
  unionid?: string;
  issuedAtMs: number;
  used: boolean;
}

export interface PhoneCode {
  phoneNumber: string;
  /** Echoed with the type it was given: WeChat documents a string but its example returns 86. */
  countryCode: string | number;
  issuedAtMs: number;
  used: boolean;
}

export interface KnownUser {
  openid: string;
  unionid?: string;
  /** base64 of 16 bytes, as WeChat issues it; stable per user so legacy decryption can be tested. */
  sessionKey: string;
}

export type TradeState = 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';

export interface PayOrder {
  appid: string;
  mchid: string;
  outTradeNo: string;
  description: string;
  notifyUrl: string;
  totalFen: number;
  openid: string;
  attach?: string;
  /** time_expire as ms since epoch: the user can no longer pay after it. */
  timeExpireMs?: number;
  prepayId: string;
  /** The request body as received, to tell an idempotent repeat from a conflicting one. */
  requestKey: string;
  state: TradeState;
  transactionId?: string;
  successTime?: string;
}

export type RefundStatus = 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL';

export interface PayRefund {
  refundId: string;
  outRefundNo: string;
  outTradeNo: string;
  transactionId: string;
  refundFen: number;
  totalFen: number;
  reason?: string;
  notifyUrl?: string;
  status: RefundStatus;
  createTime: string;
  successTime?: string;
}

export interface SubscribeMessageRecord {
  msgid: number;
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogram_state?: string;
  lang?: string;
  sentAt: string;
}

export interface DeliveryAttempt {
  at: string;
  /** HTTP status of the receiver's answer; absent when the connection failed. */
  status?: number;
  error?: string;
  durationMs: number;
}

export interface NotificationRecord {
  id: string;
  eventType: string;
  outTradeNo: string;
  outRefundNo?: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Set on the second copy sent by `duplicate: true`. */
  duplicate: boolean;
  attempts: DeliveryAttempt[];
  state: 'pending' | 'delivered' | 'failed';
}

export interface FailureRule {
  path: string;
  errcode?: number;
  errmsg?: string;
  httpStatus?: number;
  delayMs?: number;
  /** Destroy the socket without answering: a network failure for the client. */
  reset?: boolean;
  remaining: number;
}

export type SigningMode = 'certificate' | 'publicKey';

export interface FakeSettings {
  /** Which key signs pay responses and notifications, and so which Wechatpay-Serial is sent. */
  signingMode: SigningMode;
  /** When true, subscribe/send needs a credit granted through /__control/subscriptions. */
  enforceSubscriptions: boolean;
  /** When true, refunds stay PROCESSING until /__control/refund settles them. */
  holdRefunds: boolean;
}

export class FakeState {
  loginCodes = new Map<string, LoginCode>();
  phoneCodes = new Map<string, PhoneCode>();
  users = new Map<string, KnownUser>();
  /** access token → expiry (ms since epoch on the fake's clock). */
  accessTokens = new Map<string, number>();
  stableToken: { token: string; expiresAtMs: number } | null = null;
  classicTokens = new Set<string>();
  orders = new Map<string, PayOrder>();
  refunds = new Map<string, PayRefund>();
  subscribeMessages: SubscribeMessageRecord[] = [];
  subscriptionCredits = new Map<string, number>();
  notifications: NotificationRecord[] = [];
  failures: FailureRule[] = [];
  /** Added to the real clock, so tests can make codes and tokens expire. */
  clockOffsetMs = 0;

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  reset(): void {
    const fresh = new FakeState();
    Object.assign(this, fresh);
  }

  /** Takes the next injected failure for `path`, if any. */
  takeFailure(path: string): FailureRule | undefined {
    const rule = this.failures.find((candidate) => candidate.path === path && candidate.remaining > 0);
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.failures = this.failures.filter((candidate) => candidate !== rule);
    return rule;
  }
}
