/**
 * The chain's time zone for the referral hooks, which run inside the checkout and refund with
 * only the checkout's facts: set once at start-up from CHAIN_TIME_ZONE (register-referral.ts).
 */
let zone = 'Asia/Shanghai';

export function setReferralTimeZone(timeZone: string): void {
  zone = timeZone;
}

export function referralTimeZone(): string {
  return zone;
}
