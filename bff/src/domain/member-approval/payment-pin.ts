import type { PaymentPinStatus } from '@tongka/shared-types';
import type { DataSource } from 'typeorm';
import { execute, inTransaction, isUniqueViolation, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { countTry, lockedAt, lockedError, lockoutRowOf, type TryVerdict } from './approval-lockout';
import { hashPin, pinMatches } from './pin-hash';

export async function paymentPinStatus(db: Tx, memberId: string, now: Date): Promise<PaymentPinStatus> {
  const row = await lockoutRowOf(db, memberId, false);
  const locked = lockedAt(row, now);
  return { set: row?.pin_hash != null, lockedUntil: locked ? locked.toISOString() : null };
}

type Verdict = TryVerdict | { kind: 'not-set' };

/**
 * Checks a member's payment PIN. The PIN row is locked while the PIN is checked, so parallel
 * guesses are counted one after another; the count is committed in its own transaction before
 * the refusal is thrown (a refusal must not roll its own count back). The PIN is never logged.
 * Wrong PINs and wrong approval codes share the lock-out (approval-lockout.ts).
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
  if (verdict.kind === 'locked') throw lockedError(verdict.until);
  throw new AppError('PAYMENT_PIN_INCORRECT', 'The payment PIN is not correct.', { attemptsLeft: verdict.left });
}

async function judgePin(tx: Tx, memberId: string, pin: string, now: Date): Promise<Verdict> {
  const row = await lockoutRowOf(tx, memberId, true);
  if (!row?.pin_hash) return { kind: 'not-set' };
  const until = lockedAt(row, now);
  if (until) return { kind: 'locked', until };
  return countTry(tx, memberId, row, await pinMatches(pin, row.pin_hash), now);
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
    // A row without a PIN (it only counted wrong approval codes) takes the first PIN; its lock-out stays.
    const filled = await execute(
      tx,
      'UPDATE member_payment_pins SET pin_hash = ?, updated_at = ? WHERE member_id = ? AND pin_hash IS NULL',
      [hash, input.now, input.memberId],
    );
    if (filled === 1) return;
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
