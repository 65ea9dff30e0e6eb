import { select, type Tx } from '../../db/tx';

/**
 * How the report figures are read from the ledger (report_daily_flows, kept by the ledger's
 * report-rollups.ts; flow `in` = to a member account from a non-member one, `out` = the reverse):
 * - points issued   = in (EARN, CHECKIN, REBATE, IMPORT, ADJUST, DEBT_REPAY) − out (CLAWBACK, DEBT, ADJUST)
 * - points redeemed = out (REDEEM, EXCHANGE) − in (REFUND)
 * - points expired  = out (EXPIRE)
 * The store of a movement is the transfer's store (expiry: the lot's issuing store).
 */
export const ISSUE_IN = ['EARN', 'CHECKIN', 'REBATE', 'IMPORT', 'ADJUST', 'DEBT_REPAY'];
export const ISSUE_OUT = ['CLAWBACK', 'DEBT', 'ADJUST'];
export const REDEEM_OUT = ['REDEEM', 'EXCHANGE'];
export const REDEEM_IN = ['REFUND'];

export interface PointsFlows {
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
}

export const zeroFlows = (): PointsFlows => ({ pointsIssued: 0, pointsRedeemed: 0, pointsExpired: 0 });

/** Adds one rollup group (kind, flow, amount) to the figures it counts in. */
export function addFlow(target: PointsFlows, kind: string, flow: string, amount: number): void {
  if (flow === 'in' && ISSUE_IN.includes(kind)) target.pointsIssued += amount;
  if (flow === 'out' && ISSUE_OUT.includes(kind)) target.pointsIssued -= amount;
  if (flow === 'out' && REDEEM_OUT.includes(kind)) target.pointsRedeemed += amount;
  if (flow === 'in' && REDEEM_IN.includes(kind)) target.pointsRedeemed -= amount;
  if (flow === 'out' && kind === 'EXPIRE') target.pointsExpired += amount;
}

export function redemptionRate(flows: PointsFlows): number {
  if (flows.pointsIssued <= 0) return 0;
  return Math.max(0, Math.min(1, flows.pointsRedeemed / flows.pointsIssued));
}

interface FlowRow {
  group_key: string;
  kind: string;
  flow: string;
  amount: string | number;
}

/** POINTS flows over [from, to] grouped by store ('store') or by day ('date'), optionally for one store. */
export async function pointsFlowsBy(
  db: Tx,
  groupBy: 'store' | 'date',
  from: string,
  to: string,
  storeId?: string,
): Promise<Map<string, PointsFlows>> {
  const column = groupBy === 'store' ? 'store_key' : 'local_date';
  const rows = await select<FlowRow>(
    db,
    `SELECT ${column} AS group_key, kind, flow, SUM(amount) AS amount FROM report_daily_flows
      WHERE local_date >= ? AND local_date <= ? AND asset = 'POINTS' AND flow <> 'move'${storeId ? ' AND store_key = ?' : ''}
      GROUP BY ${column}, kind, flow`,
    storeId ? [from, to, storeId] : [from, to],
  );
  const byGroup = new Map<string, PointsFlows>();
  for (const row of rows) {
    const target = byGroup.get(row.group_key) ?? zeroFlows();
    addFlow(target, row.kind, row.flow, Number(row.amount));
    byGroup.set(row.group_key, target);
  }
  return byGroup;
}

/** What members hold in lots, per issuing store and asset, at the end of day `asOf`. */
export async function outstandingByIssuer(db: Tx, asOf: string): Promise<Map<string, { points: number; fen: number }>> {
  const rows = await select<{ issuer_key: string; asset: string; held: string | number }>(
    db,
    'SELECT issuer_key, asset, SUM(delta) AS held FROM report_daily_lots WHERE local_date <= ? GROUP BY issuer_key, asset',
    [asOf],
  );
  const out = new Map<string, { points: number; fen: number }>();
  for (const row of rows) {
    const entry = out.get(row.issuer_key) ?? { points: 0, fen: 0 };
    if (row.asset === 'POINTS') entry.points += Number(row.held);
    else entry.fen += Number(row.held);
    out.set(row.issuer_key, entry);
  }
  return out;
}
