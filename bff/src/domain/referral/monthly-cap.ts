import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { forUpdate } from './sql-helpers';

/**
 * Takes up to `want` from the referrer's monthly cap and returns what was granted. The month's
 * row is locked, so concurrent checkouts of several referees of one referrer each see what the
 * others took (STYLE.md point 5: several rows decide, so SELECT ... FOR UPDATE).
 */
export async function takeFromMonthlyCap(
  tx: Tx,
  input: { memberId: string; month: string; asset: string; want: number; cap: number | undefined },
): Promise<number> {
  if (input.cap === undefined || input.want <= 0) return input.want;
  const key = [input.memberId, input.month, input.asset];
  try {
    await execute(tx, 'INSERT INTO referral_monthly_totals (member_id, month, asset, amount) VALUES (?, ?, ?, 0)', key);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const [row] = await select<{ amount: number | string }>(
    tx,
    `SELECT amount FROM referral_monthly_totals WHERE member_id = ? AND month = ? AND asset = ?${forUpdate(tx)}`,
    key,
  );
  const granted = Math.max(0, Math.min(input.want, input.cap - Number(row?.amount ?? 0)));
  if (granted > 0) {
    await execute(
      tx,
      'UPDATE referral_monthly_totals SET amount = amount + ? WHERE member_id = ? AND month = ? AND asset = ?',
      [granted, ...key],
    );
  }
  return granted;
}

/** A cancelled part of a rebate frees that much of the referrer's month again. */
export async function giveBackToMonthlyCap(
  tx: Tx,
  input: { memberId: string; month: string; asset: string; amount: number },
): Promise<void> {
  if (input.amount <= 0) return;
  await execute(
    tx,
    `UPDATE referral_monthly_totals SET amount = amount - ?
      WHERE member_id = ? AND month = ? AND asset = ? AND amount >= ?`,
    [input.amount, input.memberId, input.month, input.asset, input.amount],
  );
}
