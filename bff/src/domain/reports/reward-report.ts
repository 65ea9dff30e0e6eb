import type { RewardReport, RewardReportItem } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { periodBounds } from './coupon-report';
import type { ReportPeriod } from './report-period';

type Figures = Omit<RewardReportItem, 'rewardId' | 'name'>;
const zero = (): Figures => ({
  exchanges: 0,
  quantity: 0,
  pointsSpent: 0,
  cashFen: 0,
  fulfilled: [],
  fulfilledQuantity: 0,
  pendingQuantity: 0,
});
const PENDING = new Set(['ready', 'pending_payment']);

/**
 * Per reward over a period: exchanges made (cancelled cash-part exchanges gave their points back
 * and do not count), points and cash taken, quantity picked up per store, and what of the period's
 * exchanges still waits. Two grouped reads, each one range of a covering index
 * (ix_reward_exchanges_created_report, ix_reward_exchanges_fulfilled_report).
 */
export async function rewardReport(db: Tx, period: ReportPeriod, timeZone: string): Promise<RewardReport> {
  const [start, end] = periodBounds(period, timeZone);
  const byReward = new Map<string, Figures>();
  const at = (id: string) => byReward.get(id) ?? byReward.set(id, zero()).get(id)!;
  const made = await select<{
    reward_id: string;
    status: string;
    n: string | number;
    quantity: string | number;
    points: string | number;
    fen: string | number;
  }>(
    db,
    `SELECT reward_id, status, COUNT(*) AS n, SUM(quantity) AS quantity, SUM(points_spent) AS points, SUM(cash_fen) AS fen
       FROM reward_exchanges WHERE created_at >= ? AND created_at < ? GROUP BY reward_id, status`,
    [start, end],
  );
  for (const row of made) {
    if (row.status === 'cancelled') continue;
    const f = at(row.reward_id);
    f.exchanges += Number(row.n);
    f.quantity += Number(row.quantity);
    f.pointsSpent += Number(row.points);
    f.cashFen += Number(row.fen);
    if (PENDING.has(row.status)) f.pendingQuantity += Number(row.quantity);
  }
  const picked = await select<{ reward_id: string; store_id: string; quantity: string | number }>(
    db,
    `SELECT reward_id, fulfilled_store_id AS store_id, SUM(quantity) AS quantity FROM reward_exchanges
      WHERE fulfilled_at >= ? AND fulfilled_at < ? GROUP BY reward_id, fulfilled_store_id ORDER BY fulfilled_store_id`,
    [start, end],
  );
  for (const row of picked) {
    const f = at(row.reward_id);
    f.fulfilled.push({ storeId: row.store_id, quantity: Number(row.quantity) });
    f.fulfilledQuantity += Number(row.quantity);
  }
  return { from: period.from, to: period.to, items: await withNames(db, byReward) };
}

async function withNames(db: Tx, byReward: Map<string, Figures>): Promise<RewardReportItem[]> {
  const ids = [...byReward.keys()];
  if (ids.length === 0) return [];
  const rewards = await select<{ id: string; name: string }>(
    db,
    `SELECT id, name FROM rewards WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
    ids,
  );
  return rewards.map((r) => ({ rewardId: r.id, name: r.name, ...(byReward.get(r.id) ?? zero()) }));
}
