/**
 * The named rate-limit policies (issue #10). Each counts `points` per `durationSeconds` for one
 * key (a username, a client address, a member, a store, a member code); going over answers
 * 429 RATE_LIMITED with Retry-After, and `blockSeconds` keeps the key refused that long.
 *
 * Failure-only policies (admin login, scans) take a point before the check and give it back when
 * the check succeeds, so parallel guesses are counted before any of them is checked: the lock-out
 * is atomic in the store, not a read followed by a write.
 */
export interface RatePolicy {
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
  /** What is limited, for the error message. */
  what: string;
}

export const ratePolicies = {
  /** Consecutive wrong passwords for one username from one client: 5 in 15 minutes lock that pair. */
  'admin-login-user-ip': { points: 5, durationSeconds: 15 * 60, blockSeconds: 15 * 60, what: 'sign-in attempts' },
  /** Wrong passwords for one username from anywhere (spread over many clients): 50 an hour. */
  'admin-login-user': { points: 50, durationSeconds: 60 * 60, blockSeconds: 15 * 60, what: 'sign-in attempts' },
  /** Wrong passwords (any username, known or not) from one client: 20 in 15 minutes. */
  'admin-login-ip': { points: 20, durationSeconds: 15 * 60, blockSeconds: 15 * 60, what: 'sign-in attempts' },
  /**
   * WeChat logins from one client address (each code is forwarded to WeChat): 120 a minute, as
   * many shoppers of a mall share one carrier-grade NAT address.
   */
  'wechat-login': { points: 120, durationSeconds: 60, what: 'WeChat sign-ins' },
  /** Phone binds by one member (each asks WeChat for the number): 10 an hour. */
  'phone-bind': { points: 10, durationSeconds: 60 * 60, what: 'phone binding attempts' },
  /** Scans of codes that did not open a scan, at one store: 60 a minute. */
  'scan-store': { points: 60, durationSeconds: 60, what: 'failed scans at this store' },
  /** Scans of one member code id that did not open a scan (TOTP guessing): 10 in 10 minutes. */
  'scan-member-code': {
    points: 10,
    durationSeconds: 10 * 60,
    blockSeconds: 10 * 60,
    what: 'failed scans of this member code',
  },
  /** Checkouts carrying a manager's self-sale approval code, per staff member (code guessing): 10 in 10 minutes. */
  'self-sale-approval': { points: 10, durationSeconds: 10 * 60, what: 'approval code attempts' },
  /** Phone-number lookups by one store's POS keys (each asks a member to approve): 60 an hour. */
  'pos-phone-lookup': { points: 60, durationSeconds: 60 * 60, what: 'phone-number lookups at this store' },
  /** Coupon claims by one member: 20 a minute. */
  'coupon-claim': { points: 20, durationSeconds: 60, what: 'coupon claims' },
  /** New members attributed to one referral code: 30 an hour (sign-up farming). */
  'referral-signup': { points: 30, durationSeconds: 60 * 60, what: 'sign-ups with this referral code' },
} satisfies Record<string, RatePolicy>;

export type RatePolicyName = keyof typeof ratePolicies;
