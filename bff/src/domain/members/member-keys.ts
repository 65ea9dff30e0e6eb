import { randomInt } from 'node:crypto';

/** Random public keys of a member: the 8-digit member-code id and the referral code. */

/** 0–99,999,999: shown zero-padded to 8 digits inside the 18-digit member code. */
export function randomMemberCodeId(): number {
  return randomInt(0, 100_000_000);
}

// No 0/O, 1/I/L: referral codes are read aloud and typed from posters.
const REFERRAL_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function randomReferralCode(length = 8): string {
  let code = '';
  for (let i = 0; i < length; i++) code += REFERRAL_ALPHABET[randomInt(0, REFERRAL_ALPHABET.length)];
  return code;
}

/** Tiers lowest first (shared-types TierSchema order); unknown tiers rank lowest. */
const TIER_ORDER = ['basic', 'silver', 'gold', 'diamond'];

export function higherTier(a: string, b: string): string {
  return TIER_ORDER.indexOf(b) > TIER_ORDER.indexOf(a) ? b : a;
}
