import { execute, isSqlite, select, type Tx } from '../../db/tx';

/** The month column of report_member_years for a YYYY-MM-DD date, and the bit of its day. */
export function dayBit(date: string): { year: number; column: string; bit: number } {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  return { year: Number(date.slice(0, 4)), column: `m${String(month).padStart(2, '0')}`, bit: 2 ** (day - 1) };
}

const CHAIN = '*';

/**
 * Marks a member active on a day at a store and in the chain ('*'): one read of the member's two
 * year rows, then a write only where the day's bit is not set yet. The member's own ledger rows are
 * locked by the transaction that moved value for them, so two writers for one member take turns.
 */
export async function recordMemberActivity(
  tx: Tx,
  entry: { date: string; storeKey: string; memberId: string },
): Promise<void> {
  const { year, column, bit } = dayBit(entry.date);
  const keys = entry.storeKey === CHAIN ? [CHAIN] : [entry.storeKey, CHAIN];
  const rows = await select<{ store_key: string; mask: number | string }>(
    tx,
    `SELECT store_key, ${column} AS mask FROM report_member_years WHERE member_id = ? AND year = ? AND store_key IN (${keys
      .map(() => '?')
      .join(', ')})`,
    [entry.memberId, year, ...keys],
  );
  const masks = new Map(rows.map((row) => [row.store_key, Number(row.mask)]));
  const missing = keys.filter((key) => ((masks.get(key) ?? 0) & bit) === 0);
  if (missing.length === 0) return;
  const upsert = isSqlite(tx.connection)
    ? `ON CONFLICT (store_key, member_id, year) DO UPDATE SET ${column} = ${column} | excluded.${column}`
    : `ON DUPLICATE KEY UPDATE ${column} = ${column} | VALUES(${column})`;
  await execute(
    tx,
    `INSERT INTO report_member_years (store_key, member_id, year, ${column}) VALUES ${missing.map(() => '(?, ?, ?, ?)').join(', ')} ${upsert}`,
    missing.flatMap((key) => [key, entry.memberId, year, bit]),
  );
}
