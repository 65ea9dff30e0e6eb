import { execute, isSqlite, type Tx } from '../../db/tx';
import { rollupTimeZone } from '../ledger/report-rollups';
import { localDate } from '../shared/chain-time';

/**
 * report_daily_settlement: settlement lines summed per chain-time day and (owing, serving) store
 * pair, written with each line, so a statement over a period reads days instead of lines.
 */
export async function rollUpSettlementLine(
  tx: Tx,
  line: {
    at: Date;
    fromStoreId: string;
    toStoreId: string;
    points: number;
    pointsValueFen: number;
    storedValueFen: number;
    couponValueFen?: number;
  },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO report_daily_settlement (local_date, from_store_id, to_store_id, points, points_value_fen, stored_value_fen, coupon_value_fen)
     VALUES (?, ?, ?, ?, ?, ?, ?) ${
       isSqlite(tx.connection)
         ? `ON CONFLICT (local_date, from_store_id, to_store_id) DO UPDATE SET points = points + excluded.points,
              points_value_fen = points_value_fen + excluded.points_value_fen, stored_value_fen = stored_value_fen + excluded.stored_value_fen,
              coupon_value_fen = coupon_value_fen + excluded.coupon_value_fen`
         : `ON DUPLICATE KEY UPDATE points = points + VALUES(points), points_value_fen = points_value_fen + VALUES(points_value_fen),
              stored_value_fen = stored_value_fen + VALUES(stored_value_fen), coupon_value_fen = coupon_value_fen + VALUES(coupon_value_fen)`
     }`,
    [
      localDate(line.at, rollupTimeZone()),
      line.fromStoreId,
      line.toStoreId,
      line.points,
      line.pointsValueFen,
      line.storedValueFen,
      line.couponValueFen ?? 0,
    ],
  );
}
