import type { PaymentPinStatus } from '@tongka/shared-types';
import type { DataSource } from 'typeorm';
import { execute, inTransaction, isUniqueViolation, readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { hashPin, pinMatches } from './pin-hash';

/** Five wrong PINs in a row lock the PIN for 15 minutes (the member can still approve on the phone). */
export const PIN_MAX_ATTEMPTS = 5;
export const PIN_LOCK_MS = 15 * 60 * 1000;

interface PinRow {
  pin_hash: string;
  failed_attempts: number;
  locked_until: Date | null;
}

async function pinRowOf(db: Tx, memberId: string, lock: boolean): Promise<PinRow | null> {
  const [row] = await select<PinRow>(
    db,
    `SELECT pin_hash, failed_attempts, locked_until FROM member_payment_pins WHERE member_id = ?${lock ? ' FOR UPDATE' : ''}`,
    [memberId],
  );
  if (!row) return null;
  return { ...row, failed_attempts: Number(row.failed_attempts), locked_until: lockedUntil(row.locked_until) };
}

const lockedUntil = (value: unknown) => (value === null || value === undefined ? null : readInstant(value));

export async function paymentPinStatus(db: Tx, memberId: string, now: Date): Promise<PaymentPinStatus> {
  const row = await pinRowOf(db, memberId, false);
  const locked = row?.locked_until && row.locked_until.getTime() > now.getTime() ? row.locked_until : null;
  return { set: row !== null, lockedUntil: locked ? locked.toISOString() : null };
}

type Verdict = { kind: 'ok' } | { kind: 'not-set' } | { kind: 'locked'; until: Date } | { kind: 'wrong'; left: number };

/**
 * Checks a member's payment PIN. The PIN row is locked while the PIN is checked, so parallel
 * guesses are counted one after another; the count is committed in its own transaction before
 * the refusal is thrown (a refusal must not roll its own count back). The PIN is never logged.
 */
export async function checkPaymentPin(dataSource: DataSource, memberId: string, pin: string, now: Date): Promise<void> {
  const verdict = await inTransaction(dataSource, (tx) => judgePin(tx, memberId, pin, now));
  if (verdict.kind === 'ok') return;
  if (verdict.kind === 'not-set') {
    throw new AppError(
      'PAYMENT_PIN_NOT_SET',
      'The member has not set a payment PIN; ask them to approve on their phone.',
    );
  }
  if (verdict.kind === 'locked') {
    throw new AppError('PAYMENT_PIN_LOCKED', 'Too many wrong PINs; the PIN is locked for a while.', {
      lockedUntil: verdict.until.toISOString(),
    });
  }
  throw new AppError('PAYMENT_PIN_INCORRECT', 'The payment PIN is not correct.', { attemptsLeft: verdict.left });
}

async function judgePin(tx: Tx, memberId: string, pin: string, now: Date): Promise<Verdict> {
  const row = await pinRowOf(tx, memberId, true);
  if (!row) return { kind: 'not-set' };
  if (row.locked_until && row.locked_until.getTime() > now.getTime())
    return { kind: 'locked', until: row.locked_until };
  if (await pinMatches(pin, row.pin_hash)) {
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

/** Sets the member's PIN; changing one already set takes the current PIN (wrong tries count). */
export async function setPaymentPin(
  dataSource: DataSource,
  input: { memberId: string; pin: string; currentPin?: string; now: Date },
): Promise<PaymentPinStatus> {
  const existing = await paymentPinStatus(dataSource.manager, input.memberId, input.now);
  if (existing.set) {
    if (!input.currentPin) {
      throw new AppError('PAYMENT_PIN_INCORRECT', 'Give the current PIN to change it.', { attemptsLeft: null });
    }
    await checkPaymentPin(dataSource, input.memberId, input.currentPin, input.now);
  }
  const hash = await hashPin(input.pin);
  await inTransaction(dataSource, async (tx) => {
    if (existing.set) {
      await execute(
        tx,
        'UPDATE member_payment_pins SET pin_hash = ?, failed_attempts = 0, updated_at = ? WHERE member_id = ?',
        [hash, input.now, input.memberId],
      );
      return;
    }
    await execute(
      tx,
      'INSERT INTO member_payment_pins (member_id, pin_hash, failed_attempts, locked_until, updated_at) VALUES (?, ?, 0, NULL, ?)',
      [input.memberId, hash, input.now],
    ).catch((error) => {
      // Two first PINs at once: the second is a change and needs the first.
      if (isUniqueViolation(error))
        throw new AppError('PAYMENT_PIN_INCORRECT', 'A PIN was just set; give it to change it.');
      throw error;
    });
  });
  return paymentPinStatus(dataSource.manager, input.memberId, input.now);
}
