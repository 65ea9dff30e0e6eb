import type { DataSource } from 'typeorm';
import { execute, inSnapshot, inTransaction, isSqlite, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { reportPeriod } from './report-period';
import { type RebuiltRollups, rollupsFromLedger } from './rollups-from-ledger';

const CHUNK = 500;
const MONTHS = Array.from({ length: 12 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);

export interface BackfillResult {
  from: string;
  to: string;
  flowRows: number;
  lotRows: number;
  memberYearRows: number;
  salesRows: number;
  settlementRows: number;
}

/**
 * Rebuilds the report rollups of a period of closed days (before `today`) from the ledger, the
 * checkouts and the settlement lines, for data written before the rollups existed or to repair
 * them: reads one consistent snapshot, then in one transaction deletes the period's report_daily_*
 * rows and writes the recomputed ones; members' active days are OR-ed in (setting a bit twice is
 * setting it once). Running it twice gives the same rows. Today is refused: its rows are still
 * being written by live transactions, which the delete would race.
 */
export async function backfillReportRollups(
  dataSource: DataSource,
  input: {
    from: string;
    to: string;
    today: string;
    timeZone: string;
    /** Called after each of the two steps (read the snapshot, write the rollups): a CLI progress bar. */
    onProgress?: (done: number, total: number) => void;
  },
): Promise<BackfillResult> {
  const period = reportPeriod(input.from, input.to);
  if (period.to >= input.today) {
    throw new AppError('BACKFILL_PERIOD_OPEN', 'Only days before today can be rebuilt.', {
      to: period.to,
      today: input.today,
    });
  }
  const rebuilt = await inSnapshot(dataSource, (db) => rollupsFromLedger(db, period, input.timeZone));
  input.onProgress?.(1, 2);
  await inTransaction(dataSource, (tx) => writeRollups(tx, period, rebuilt));
  input.onProgress?.(2, 2);
  return {
    from: period.from,
    to: period.to,
    flowRows: rebuilt.flows.size,
    lotRows: [...rebuilt.lots.values()].filter((row) => row[3] !== 0).length,
    memberYearRows: rebuilt.memberYears.size,
    salesRows: rebuilt.sales.length,
    settlementRows: rebuilt.settlement.size,
  };
}

async function writeRollups(tx: Tx, period: { from: string; to: string }, rebuilt: RebuiltRollups): Promise<void> {
  for (const table of ['report_daily_flows', 'report_daily_lots', 'report_daily_sales', 'report_daily_settlement']) {
    await execute(tx, `DELETE FROM ${table} WHERE local_date >= ? AND local_date <= ?`, [period.from, period.to]);
  }
  await insertRows(tx, 'report_daily_flows (local_date, store_key, asset, kind, flow, amount, transfers)', [
    ...rebuilt.flows.values(),
  ]);
  const lots = [...rebuilt.lots.values()].filter((row) => row[3] !== 0);
  await insertRows(tx, 'report_daily_lots (local_date, issuer_key, asset, delta)', lots);
  await insertRows(tx, 'report_daily_sales (local_date, store_id, own_fen, visiting_fen, checkouts)', rebuilt.sales);
  await insertRows(
    tx,
    'report_daily_settlement (local_date, from_store_id, to_store_id, points, points_value_fen, stored_value_fen, coupon_value_fen)',
    [...rebuilt.settlement.values()],
  );
  const members = [...rebuilt.memberYears.values()].sort((a, b) =>
    `${a.storeKey}|${a.memberId}` < `${b.storeKey}|${b.memberId}` ? -1 : 1,
  );
  const upsert = isSqlite(tx.connection)
    ? `ON CONFLICT (store_key, member_id, year) DO UPDATE SET ${MONTHS.map((m) => `${m} = ${m} | excluded.${m}`).join(', ')}`
    : `ON DUPLICATE KEY UPDATE ${MONTHS.map((m) => `${m} = ${m} | VALUES(${m})`).join(', ')}`;
  for (let i = 0; i < members.length; i += CHUNK) {
    const part = members.slice(i, i + CHUNK);
    await execute(
      tx,
      `INSERT INTO report_member_years (store_key, member_id, year, ${MONTHS.join(', ')}) VALUES ${marks(part.length, 15)} ${upsert}`,
      part.flatMap((m) => [m.storeKey, m.memberId, m.year, ...m.masks]),
    );
  }
}

async function insertRows(tx: Tx, into: string, rows: unknown[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const part = rows.slice(i, i + CHUNK);
    await execute(tx, `INSERT INTO ${into} VALUES ${marks(part.length, part[0].length)}`, part.flat());
  }
}

function marks(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}
