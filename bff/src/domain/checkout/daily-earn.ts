import { execute, select, type Tx } from '../../db/tx';

/** Points earned today (chain time) so far; the caller holds the member row lock. */
export async function earnedToday(db: Tx, memberId: string, localDate: string): Promise<number> {
  const [row] = await select<{ points: number | string }>(
    db,
    'SELECT points FROM earn_daily_totals WHERE member_id = ? AND local_date = ?',
    [memberId, localDate],
  );
  return Number(row?.points ?? 0);
}

/** Adds (or, on refund, subtracts) today's earned points; serialised by the member row lock. */
export async function addEarnedToday(tx: Tx, memberId: string, localDate: string, points: number): Promise<void> {
  if (points === 0) return;
  const updated = await execute(
    tx,
    'UPDATE earn_daily_totals SET points = points + ? WHERE member_id = ? AND local_date = ?',
    [points, memberId, localDate],
  );
  if (updated === 0) {
    await execute(tx, 'INSERT INTO earn_daily_totals (member_id, local_date, points) VALUES (?, ?, ?)', [
      memberId,
      localDate,
      points,
    ]);
  }
}
