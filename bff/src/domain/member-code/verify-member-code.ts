import { timingSafeEqual } from 'node:crypto';
import { base64UrlToBytes, type ParsedMemberCode, totpAt, totpStep } from '@tongka/shared-types';

/** API.md: the current step and one either side are accepted. */
export const ACCEPTED_SKEW_STEPS = 1;
/** How far back a matching code is reported as expired (410) rather than invalid (400): 10 minutes. */
export const EXPIRED_LOOKBACK_STEPS = 20;

export type CodeCheck = { kind: 'valid'; step: number } | { kind: 'expired' } | { kind: 'invalid' };

const sameDigits = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Verifies the TOTP part of a scanned code with the same function the app uses to show it
 * (shared-types totpAt), comparing in constant time. Every candidate step is computed and
 * compared, so the time taken does not reveal which step matched.
 */
export function checkMemberCode(parsed: ParsedMemberCode, secretBase64Url: string, nowMs: number): CodeCheck {
  const secret = base64UrlToBytes(secretBase64Url);
  const current = totpStep(nowMs);
  let valid: number | null = null;
  for (let offset = -ACCEPTED_SKEW_STEPS; offset <= ACCEPTED_SKEW_STEPS; offset++) {
    if (sameDigits(totpAt(secret, current + offset), parsed.totp) && valid === null) valid = current + offset;
  }
  if (valid !== null) return { kind: 'valid', step: valid };
  for (let back = ACCEPTED_SKEW_STEPS + 1; back <= EXPIRED_LOOKBACK_STEPS; back++) {
    if (sameDigits(totpAt(secret, current - back), parsed.totp)) return { kind: 'expired' };
  }
  return { kind: 'invalid' };
}
