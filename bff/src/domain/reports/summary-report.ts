import type { SummaryReport, SummaryStoreRow, SummaryTotals } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { ruleInForce } from '../rules/rule-store';
import { activeMembersByStore } from './active-members';
import { outstandingByIssuer, type PointsFlows, pointsFlowsBy, redemptionRate, zeroFlows } from './report-flows';
import type { ReportPeriod } from './report-period';

interface SalesRow {
  store_id: string;
  active_members: string | number;
  own_fen: string | number | null;
  visiting_fen: string | number | null;
}

/** Liability in fen at the HQ cost of a point (fen, up to two decimals), rounded half up. */
export function liabilityFenOf(points: number, pointCostFen: number): number {
  return Math.round((points * Math.round(pointCostFen * 100)) / 100);
}

/**
 * Per store and for the chain over a period: points issued, redeemed and expired there (daily
 * rollups), what members still hold in lots the store issued at the end of the period (valued at
 * the settlement rule's HQ cost of a point) and stored value outstanding the same way, members
 * active there (earned, redeemed, paid with or topped up stored value), and sales (order amounts
 * net of refunds) to the store's own and to visiting members. All from the daily rollups.
 */
export async function summaryReport(db: Tx, period: ReportPeriod): Promise<SummaryReport> {
  // Independent reads: outside a transaction each takes its own pooled connection, so the slowest
  // (members active in the period) sets the time instead of the sum of all of them.
  const [stores, flows, held, sales, settlement] = await Promise.all([
    select<{ id: string; code: string; name: string }>(db, 'SELECT id, code, name FROM stores ORDER BY code, id'),
    pointsFlowsBy(db, 'store', period.from, period.to),
    outstandingByIssuer(db, period.to),
    salesByStore(db, period),
    ruleInForce(db, 'settlement'),
  ]);
  const pointCostFen = settlement.rule.pointCostFen;
  const rows: SummaryStoreRow[] = stores.map((store) => {
    const f = flows.get(store.id) ?? zeroFlows();
    const h = held.get(store.id) ?? { points: 0, fen: 0 };
    const s = sales.get(store.id);
    return {
      storeId: store.id,
      storeCode: store.code,
      storeName: store.name,
      ...f,
      liabilityPoints: h.points,
      liabilityFen: liabilityFenOf(h.points, pointCostFen),
      storedValueOutstandingFen: h.fen,
      activeMembers: Number(s?.active_members ?? 0),
      redemptionRate: redemptionRate(f),
      ownMemberSalesFen: Number(s?.own_fen ?? 0),
      visitingMemberSalesFen: Number(s?.visiting_fen ?? 0),
    };
  });
  const totals = chainTotals(flows, held, sales, rows, pointCostFen);
  return { from: period.from, to: period.to, pointCostFen, stores: rows, totals };
}

async function salesByStore(db: Tx, period: ReportPeriod): Promise<Map<string, SalesRow>> {
  const [sales, active] = await Promise.all([
    select<Omit<SalesRow, 'active_members'>>(
      db,
      `SELECT store_id, SUM(own_fen) AS own_fen, SUM(visiting_fen) AS visiting_fen FROM report_daily_sales
        WHERE local_date >= ? AND local_date <= ? GROUP BY store_id`,
      [period.from, period.to],
    ),
    activeMembersByStore(db, period),
  ]);
  const out = new Map<string, SalesRow>();
  for (const row of sales) out.set(row.store_id, { ...row, active_members: 0 });
  for (const [storeKey, members] of active) {
    const entry = out.get(storeKey) ?? { store_id: storeKey, own_fen: 0, visiting_fen: 0, active_members: 0 };
    entry.active_members = members;
    out.set(storeKey, entry);
  }
  return out;
}

/** Every movement counts in the totals, also those with no store; members are counted once. */
function chainTotals(
  flows: Map<string, PointsFlows>,
  held: Map<string, { points: number; fen: number }>,
  sales: Map<string, SalesRow>,
  rows: SummaryStoreRow[],
  pointCostFen: number,
): SummaryTotals {
  const f = zeroFlows();
  for (const part of flows.values()) {
    f.pointsIssued += part.pointsIssued;
    f.pointsRedeemed += part.pointsRedeemed;
    f.pointsExpired += part.pointsExpired;
  }
  let points = 0;
  let fen = 0;
  for (const part of held.values()) {
    points += part.points;
    fen += part.fen;
  }
  return {
    ...f,
    liabilityPoints: points,
    liabilityFen: liabilityFenOf(points, pointCostFen),
    storedValueOutstandingFen: fen,
    activeMembers: Number(sales.get('*')?.active_members ?? 0),
    redemptionRate: redemptionRate(f),
    ownMemberSalesFen: rows.reduce((sum, row) => sum + row.ownMemberSalesFen, 0),
    visitingMemberSalesFen: rows.reduce((sum, row) => sum + row.visitingMemberSalesFen, 0),
  };
}
