import { execute, type Tx } from '../../db/tx';
import { ulid } from '../shared/ulid';
import { rollUpSettlementLine } from './settlement-rollup';

/**
 * A coupon's discount (or a gift coupon's value) funded by HQ or another store: the funder owes
 * the serving store that value (`coupon_value_fen`). A store funding its own coupon makes no line.
 * One line per funder per cause; a refund writes the opposite line (sign -1).
 */
export async function recordCouponSettlementLines(
  tx: Tx,
  input: {
    servingStoreId: string;
    causeType: 'checkout' | 'refund' | 'gift-coupon';
    causeId: string;
    sign: 1 | -1;
    funded: ReadonlyArray<{ party: string; fen: number }>;
    at: Date;
  },
): Promise<void> {
  const byParty = new Map<string, number>();
  for (const { party, fen } of input.funded) {
    if (party === input.servingStoreId || fen === 0) continue;
    byParty.set(party, (byParty.get(party) ?? 0) + fen);
  }
  for (const [party, fen] of [...byParty].sort(([a], [b]) => (a < b ? -1 : 1))) {
    await execute(
      tx,
      `INSERT INTO settlement_lines (id, from_store_id, to_store_id, points, points_value_fen, stored_value_fen,
         coupon_value_fen, cause_type, cause_id, created_at) VALUES (?, ?, ?, 0, 0, 0, ?, ?, ?, ?)`,
      [ulid(), party, input.servingStoreId, input.sign * fen, input.causeType, input.causeId, input.at],
    );
    await rollUpSettlementLine(tx, {
      at: input.at,
      fromStoreId: party,
      toStoreId: input.servingStoreId,
      points: 0,
      pointsValueFen: 0,
      storedValueFen: 0,
      couponValueFen: input.sign * fen,
    });
  }
}
