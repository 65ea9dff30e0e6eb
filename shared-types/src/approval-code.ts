import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha256';
import { base64UrlToBytes, hotpTruncate } from './member-code';

/**
 * The offline approval code on the member's card: 6 digits the clerk types on the till to approve
 * a pending large deduction when the member's phone has no signal. Derived from the same
 * per-member secret as the member code but with its own label and a 60 s step, so it never equals
 * a slice of the member code shown at the same time:
 * HOTP-truncate(HMAC-SHA256(secret, "approve:" + step), 6), step = floor(unix seconds / 60).
 * The BFF accepts the current step and one either side, each step once per member.
 */
export const APPROVAL_CODE_DIGITS = 6;
export const APPROVAL_CODE_PERIOD_SECONDS = 60;
export const APPROVAL_CODE_LABEL = 'approve:';

export function approvalCodeStep(unixMs: number): number {
  return Math.floor(unixMs / 1000 / APPROVAL_CODE_PERIOD_SECONDS);
}

function utf8(text: string): Uint8Array {
  // The label and the step are ASCII.
  return Uint8Array.from([...text].map((char) => char.charCodeAt(0)));
}

/** The code for a secret (raw bytes) at a step. */
export function approvalCodeAtStep(secret: Uint8Array, step: number): string {
  return hotpTruncate(hmac(sha256, secret, utf8(`${APPROVAL_CODE_LABEL}${step}`)), APPROVAL_CODE_DIGITS);
}

/** The code the card shows at `unixMs` for a base64url secret. */
export function approvalCodeAt(secretBase64Url: string, unixMs: number): string {
  return approvalCodeAtStep(base64UrlToBytes(secretBase64Url), approvalCodeStep(unixMs));
}

/** Seconds until the code shown at `unixMs` changes. */
export function secondsUntilNextApprovalCode(unixMs: number): number {
  const periodMs = APPROVAL_CODE_PERIOD_SECONDS * 1000;
  return Math.ceil((periodMs - (unixMs % periodMs)) / 1000);
}
