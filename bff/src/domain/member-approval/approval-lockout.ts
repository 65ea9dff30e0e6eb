import { execute, isUniqueViolation, readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';

/**
 * The lock-out shared by everything typed at the till on the member's behalf (the payment PIN and
 * the card's one-time approval code): five wrong tries in a row lock both for 15 minutes (the
 * member can still approve on the phone). The count lives on the member's payment-PIN row; a
 * member who never set a PIN gets a row with no PIN (pin_hash NULL) to count on.
 */
export const PIN_MAX_ATTEMPTS = 5;
export const PIN_LOCK_MS = 15 * 60 * 1000;

export interface LockoutRow {
  pin_hash: string | null;
  failed_attempts: number;
  locked_until: Date | null;
}

export type TryVerdict = { kind: 'ok' } | { kind: 'locked'; until: Date } | { kind: 'wrong'; left: number };

const lockedUntil = (value: unknown) => (value === null || value === undefined ? null : readInstant(value));

export async function lockoutRowOf(db: Tx, memberId: string, lock: boolean): Promise<LockoutRow | null> {
  const [row] = await select<LockoutRow>(
    db,
    `SELECT pin_hash, failed_attempts, locked_until FROM member_payment_pins WHERE member_id = ?${lock ? ' FOR UPDATE' : ''}`,
    [memberId],
  );
  if (!row) return null;
  return {
    pin_hash: row.pin_hash ?? null,
    failed_attempts: Number(row.failed_attempts),
    locked_until: lockedUntil(row.locked_until),
  };
}

/** The row locked for this try, created without a PIN when the member has none (a racing creator's row is used). */
export async function lockoutRowForUpdate(tx: Tx, memberId: string, now: Date): Promise<LockoutRow> {
  const existing = await lockoutRowOf(tx, memberId, true);
  if (existing) return existing;
  await execute(
    tx,
    'INSERT INTO member_payment_pins (member_id, pin_hash, failed_attempts, locked_until, updated_at) VALUES (?, NULL, 0, NULL, ?)',
    [memberId, now],
  ).catch((error) => {
    if (!isUniqueViolation(error)) throw error;
  });
  const row = await lockoutRowOf(tx, memberId, true);
  if (!row) throw new Error('the lock-out row vanished');
  return row;
}

export function lockedAt(row: LockoutRow | null, now: Date): Date | null {
  return row?.locked_until && row.locked_until.getTime() > now.getTime() ? row.locked_until : null;
}

/** Records a try on the locked row: a right one clears the count, a wrong one counts and may lock. */
export async function countTry(
  tx: Tx,
  memberId: string,
  row: LockoutRow,
  right: boolean,
  now: Date,
): Promise<TryVerdict> {
  if (right) {
    await execute(tx, 'UPDATE member_payment_pins SET failed_attempts = 0, locked_until = NULL WHERE member_id = ?', [
      memberId,
    ]);
    return { kind: 'ok' };
  }
  const failed = row.failed_attempts + 1;
  if (failed >= PIN_MAX_ATTEMPTS) {
    const until = new Date(now.getTime() + PIN_LOCK_MS);
    await execute(tx, 'UPDATE member_payment_pins SET failed_attempts = 0, locked_until = ? WHERE member_id = ?', [
      until,
      memberId,
    ]);
    return { kind: 'locked', until };
  }
  await execute(tx, 'UPDATE member_payment_pins SET failed_attempts = ?, locked_until = NULL WHERE member_id = ?', [
    failed,
    memberId,
  ]);
  return { kind: 'wrong', left: PIN_MAX_ATTEMPTS - failed };
}

export function lockedError(until: Date): AppError {
  return new AppError('PAYMENT_PIN_LOCKED', 'Too many wrong PINs or approval codes; both are locked for a while.', {
    lockedUntil: until.toISOString(),
  });
}
