import { execute, type Tx } from '../../db/tx';
import type { LotPortion } from '../ledger';
import { ulid } from '../shared/ulid';
import { rollUpSettlementLine } from './settlement-rollup';

export const HQ_PARTY = 'HQ';

export interface SettlementInput {
  /** The store that served the member (gave the discount / delivered against stored value). */
  servingStoreId: string;
  causeType: 'checkout' | 'refund' | 'pickup';
  causeId: string;
  /** +1 for a sale, -1 for a refund (an opposite line: same pair, negated amounts). */
  sign: 1 | -1;
  pointPortions: readonly LotPortion[];
  storedValuePortions: readonly LotPortion[];
  /** HQ cost of one point in hundredths of a fen, fixed when the checkout happened. */
  pointCostCentiFen: number;
  at: Date;
}

/** Who owes for a lot: HQ for HQ-funded or store-less lots, else the store that issued it. */
export function owingParty(portion: LotPortion): string {
  return portion.fundedBy === 'HQ' || !portion.issuingStoreId ? HQ_PARTY : portion.issuingStoreId;
}

/** Value of points at the HQ cost, rounded half away from zero so a refund line mirrors its sale line. */
export function pointsValueFen(points: number, pointCostCentiFen: number): number {
  const value = Math.round((Math.abs(points) * pointCostCentiFen) / 100);
  return points < 0 ? -value : value;
}

/**
 * DESIGN.md, settlement: points issued by A (or stored value topped up at A) and used at B make
 * a line "A owes B". One line per owing party per cause; value used at its own store makes none.
 */
export async function recordSettlementLines(tx: Tx, input: SettlementInput): Promise<number> {
  const byParty = new Map<string, { points: number; storedValueFen: number }>();
  const add = (party: string, points: number, fen: number) => {
    if (party === input.servingStoreId) return;
    const entry = byParty.get(party) ?? { points: 0, storedValueFen: 0 };
    entry.points += points;
    entry.storedValueFen += fen;
    byParty.set(party, entry);
  };
  for (const portion of input.pointPortions) add(owingParty(portion), portion.amount, 0);
  for (const portion of input.storedValuePortions) add(owingParty(portion), 0, portion.amount);
  for (const [party, entry] of [...byParty].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (entry.points === 0 && entry.storedValueFen === 0) continue;
    const points = input.sign * entry.points;
    await execute(
      tx,
      'INSERT INTO settlement_lines (id, from_store_id, to_store_id, points, points_value_fen, stored_value_fen, cause_type, cause_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      [
        ulid(),
        party,
        input.servingStoreId,
        points,
        pointsValueFen(points, input.pointCostCentiFen),
        input.sign * entry.storedValueFen,
        input.causeType,
        input.causeId,
        input.at,
      ],
    );
    await rollUpSettlementLine(tx, {
      at: input.at,
      fromStoreId: party,
      toStoreId: input.servingStoreId,
      points,
      pointsValueFen: pointsValueFen(points, input.pointCostCentiFen),
      storedValueFen: input.sign * entry.storedValueFen,
    });
  }
  return byParty.size;
}
