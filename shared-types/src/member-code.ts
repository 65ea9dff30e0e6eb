import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha256';

/**
 * The dynamic member code: "66" + 8-digit member-code id + 8-digit TOTP (RFC 6238, HMAC-SHA256,
 * 30 s step). Pure JS so the mini-program computes it offline and the BFF verifies it with the
 * very same function (API.md, "member code").
 */
export const MEMBER_CODE_PREFIX = '66';
export const MEMBER_CODE_DIGITS = 8;
export const MEMBER_CODE_PERIOD_SECONDS = 30;
export const MEMBER_CODE_LENGTH = MEMBER_CODE_PREFIX.length + 8 + MEMBER_CODE_DIGITS;

export function base64UrlToBytes(text: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const clean = text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error('secret is not base64url');
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >> bits) & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** The TOTP counter for an instant: floor(unix seconds / 30). */
export function totpStep(unixMs: number): number {
  return Math.floor(unixMs / 1000 / MEMBER_CODE_PERIOD_SECONDS);
}

/** RFC 6238 TOTP with HMAC-SHA256 and dynamic truncation, zero-padded to 8 digits. */
export function totpAt(secret: Uint8Array, step: number): string {
  const counter = new Uint8Array(8);
  let rest = step;
  for (let i = 7; i >= 0; i--) {
    counter[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return hotpTruncate(hmac(sha256, secret, counter), MEMBER_CODE_DIGITS);
}

/**
 * RFC 4226 section 5.3 dynamic truncation: the low 4 bits of the last byte pick an offset, the
 * 31 bits from there modulo 10^digits, zero-padded. Works on any HMAC (SHA-1 in the RFC's test
 * vectors, SHA-256 here).
 */
export function hotpTruncate(mac: Uint8Array, digits: number): string {
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const byte = (i: number) => mac[offset + i] as number;
  const binary = ((byte(0) & 0x7f) << 24) | (byte(1) << 16) | (byte(2) << 8) | byte(3);
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The 18-digit code the app shows at `unixMs` for a member-code id and base64url secret. */
export function memberCodeAt(memberCodeId: number, secretBase64Url: string, unixMs: number): string {
  const id = String(memberCodeId).padStart(8, '0');
  return MEMBER_CODE_PREFIX + id + totpAt(base64UrlToBytes(secretBase64Url), totpStep(unixMs));
}

/** Seconds until the code shown at `unixMs` changes (for the countdown on the card). */
export function secondsUntilNextCode(unixMs: number): number {
  const periodMs = MEMBER_CODE_PERIOD_SECONDS * 1000;
  return Math.ceil((periodMs - (unixMs % periodMs)) / 1000);
}

export interface ParsedMemberCode {
  memberCodeId: number;
  totp: string;
}

/** Splits a scanned code; null when it is not an 18-digit Tongka member code. */
export function parseMemberCode(code: string): ParsedMemberCode | null {
  if (!/^66\d{16}$/.test(code)) return null;
  return { memberCodeId: Number(code.slice(2, 10)), totp: code.slice(10) };
}
