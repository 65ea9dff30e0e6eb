import type { SettlementRow } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';

interface PairSum {
  from_store_id: string;
  to_store_id: string;
  points: number | string;
  points_value_fen: number | string;
  stored_value_fen: number | string;
  coupon_value_fen: number | string;
}

/**
 * Nets settlement lines per store pair over [from, to): lines A→B and B→A cancel, and the row
 * is oriented so that netFen ≥ 0 (fromStoreId owes toStoreId netFen). Pairs that net to zero in
 * every column are left out.
 */
export async function settlementStatement(db: Tx, from: Date, to: Date): Promise<SettlementRow[]> {
  const sums = await select<PairSum>(
    db,
    `SELECT from_store_id, to_store_id, SUM(points) AS points, SUM(points_value_fen) AS points_value_fen,
            SUM(stored_value_fen) AS stored_value_fen, SUM(coupon_value_fen) AS coupon_value_fen
       FROM settlement_lines WHERE created_at >= ? AND created_at < ?
      GROUP BY from_store_id, to_store_id`,
    [from, to],
  );
  return netPairs(
    sums.map((row) => ({
      fromStoreId: row.from_store_id,
      toStoreId: row.to_store_id,
      points: Number(row.points),
      pointsValueFen: Number(row.points_value_fen),
      storedValueFen: Number(row.stored_value_fen),
      couponValueFen: Number(row.coupon_value_fen),
      netFen: Number(row.points_value_fen) + Number(row.stored_value_fen) + Number(row.coupon_value_fen),
    })),
  );
}

/**
 * The same statement over chain-time days [from, to] (both included), from the daily settlement
 * rollup: one row per day and store pair instead of every line.
 */
export async function settlementStatementForDays(db: Tx, from: string, to: string): Promise<SettlementRow[]> {
  const sums = await select<PairSum>(
    db,
    `SELECT from_store_id, to_store_id, SUM(points) AS points, SUM(points_value_fen) AS points_value_fen,
            SUM(stored_value_fen) AS stored_value_fen, SUM(coupon_value_fen) AS coupon_value_fen
       FROM report_daily_settlement WHERE local_date >= ? AND local_date <= ?
      GROUP BY from_store_id, to_store_id`,
    [from, to],
  );
  return netPairs(
    sums.map((row) => ({
      fromStoreId: row.from_store_id,
      toStoreId: row.to_store_id,
      points: Number(row.points),
      pointsValueFen: Number(row.points_value_fen),
      storedValueFen: Number(row.stored_value_fen),
      couponValueFen: Number(row.coupon_value_fen),
      netFen: Number(row.points_value_fen) + Number(row.stored_value_fen) + Number(row.coupon_value_fen),
    })),
  );
}

/** Pure netting of directed pair sums (spec beside). */
export function netPairs(directed: readonly SettlementRow[]): SettlementRow[] {
  const pairs = new Map<string, SettlementRow>();
  for (const row of directed) {
    const [a, b] =
      row.fromStoreId < row.toStoreId ? [row.fromStoreId, row.toStoreId] : [row.toStoreId, row.fromStoreId];
    const sign = row.fromStoreId === a ? 1 : -1;
    const key = `${a}\u0000${b}`;
    const acc = pairs.get(key) ?? {
      fromStoreId: a,
      toStoreId: b,
      points: 0,
      pointsValueFen: 0,
      storedValueFen: 0,
      couponValueFen: 0,
      netFen: 0,
    };
    acc.points += sign * row.points;
    acc.pointsValueFen += sign * row.pointsValueFen;
    acc.storedValueFen += sign * row.storedValueFen;
    acc.couponValueFen += sign * row.couponValueFen;
    acc.netFen += sign * row.netFen;
    pairs.set(key, acc);
  }
  return [...pairs.values()]
    .filter(
      (row) => row.points !== 0 || row.pointsValueFen !== 0 || row.storedValueFen !== 0 || row.couponValueFen !== 0,
    )
    .map((row) =>
      row.netFen >= 0
        ? row
        : {
            fromStoreId: row.toStoreId,
            toStoreId: row.fromStoreId,
            points: 0 - row.points, // 0 - x rather than -x: never -0
            pointsValueFen: 0 - row.pointsValueFen,
            storedValueFen: 0 - row.storedValueFen,
            couponValueFen: 0 - row.couponValueFen,
            netFen: 0 - row.netFen,
          },
    )
    .sort((x, y) => (x.fromStoreId + x.toStoreId < y.fromStoreId + y.toStoreId ? -1 : 1));
}

/** The statement as CSV for finance (header + one line per pair). */
export function settlementCsv(rows: readonly SettlementRow[]): string {
  const header = 'fromStoreId,toStoreId,points,pointsValueFen,storedValueFen,couponValueFen,netFen';
  const lines = rows.map((r) =>
    [r.fromStoreId, r.toStoreId, r.points, r.pointsValueFen, r.storedValueFen, r.couponValueFen, r.netFen].join(','),
  );
  return `${[header, ...lines].join('\n')}\n`;
}
