import { randomInt } from 'node:crypto';

function digits(count: number): string {
  let out = '';
  while (out.length < count) out += String(randomInt(0, 1_000_000_000)).padStart(9, '0');
  return out.slice(0, count);
}

/**
 * A coupon's code: 16 digits starting with 9, from a CSPRNG (what the clerk scans or types; a gift
 * coupon is redeemed by its code alone, so it must not be guessable). 10^15 codes keep a clash
 * unlikely even for batch issues of millions; the unique key refuses one anyway.
 */
export const newCouponCode = (): string => `9${digits(15)}`;

/** A reward's pickup code: 12 digits starting with 8 (told apart from coupon codes by the first digit). */
export const newPickupCode = (): string => `8${digits(11)}`;

export const isPickupCode = (code: string): boolean => code.startsWith('8');
