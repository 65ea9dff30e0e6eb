import { select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';

/**
 * Mainland mobile numbers only: +86 / 0086 / 86 prefixes, spaces, dashes and brackets are
 * stripped; what is left must be 11 digits starting 13–19.
 */
export function normalizePhone(raw: string, countryCode?: string): string {
  if (countryCode !== undefined && countryCode !== '' && countryCode.replace(/^\+/, '') !== '86') {
    throw new AppError('INVALID_PHONE', 'Only mainland China mobile numbers can be bound.', { countryCode });
  }
  let digits = raw.trim().replace(/[\s\-()]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (!/^1[3-9]\d{9}$/.test(digits)) {
    throw new AppError('INVALID_PHONE', 'The phone number is not a mainland China mobile number.');
  }
  return digits;
}

/** 138****1234: what every response but the member's own shows. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

export function phoneIndexOf(crypto: DataCrypto, phone: string): string {
  return crypto.blindIndex(`phone:${phone}`);
}

/** The member's phone in clear (for the member themself), or null when none is bound. */
export async function phoneOf(db: Tx, memberId: string, crypto: DataCrypto): Promise<string | null> {
  const [row] = await select<{ phone_enc: string | null }>(db, 'SELECT phone_enc FROM members WHERE id = ?', [
    memberId,
  ]);
  return row?.phone_enc ? crypto.decrypt(row.phone_enc) : null;
}

/** The masked phone (138****1234) for GET /api/me, scans and HQ views; null when none is bound. */
export async function phoneMaskedOf(db: Tx, memberId: string, crypto: DataCrypto): Promise<string | null> {
  const phone = await phoneOf(db, memberId, crypto);
  return phone ? maskPhone(phone) : null;
}

/** The active member holding this phone, if any. */
export async function memberIdByPhone(db: Tx, crypto: DataCrypto, phone: string): Promise<string | null> {
  const [row] = await select<{ id: string }>(db, 'SELECT id FROM members WHERE phone_index = ?', [
    phoneIndexOf(crypto, phone),
  ]);
  return row?.id ?? null;
}
