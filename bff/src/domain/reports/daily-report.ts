import type { DailyReport, DailyReportItem } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { activeMembersPerDay } from './active-members';
import { pointsFlowsBy, zeroFlows } from './report-flows';
import { datesOf, type ReportPeriod } from './report-period';

/**
 * One row per day of the period (chain-wide, or for one store): points issued, redeemed and
 * expired that day, what members held in lots at the end of the day (of that store's issue when a
 * store is given) and members active that day.
 */
export async function dailyReport(db: Tx, period: ReportPeriod, storeId?: string): Promise<DailyReport> {
  // Independent reads, each on its own pooled connection when not inside a transaction.
  const [flows, held, active] = await Promise.all([
    pointsFlowsBy(db, 'date', period.from, period.to, storeId),
    heldPerDay(db, period, storeId),
    activeMembersPerDay(db, period, storeId ?? '*'),
  ]);
  let points = held.opening.points;
  let fen = held.opening.fen;
  const items: DailyReportItem[] = datesOf(period).map((date) => {
    const delta = held.perDay.get(date);
    points += delta?.points ?? 0;
    fen += delta?.fen ?? 0;
    return {
      date,
      ...(flows.get(date) ?? zeroFlows()),
      liabilityPoints: points,
      storedValueOutstandingFen: fen,
      activeMembers: active.get(date) ?? 0,
    };
  });
  return { from: period.from, to: period.to, storeId: storeId ?? null, items };
}

async function heldPerDay(db: Tx, period: ReportPeriod, storeId?: string) {
  const issuer = storeId ? ' AND issuer_key = ?' : '';
  const params = (...dates: string[]) => (storeId ? [...dates, storeId] : dates);
  const openingRows = await select<{ asset: string; held: string | number }>(
    db,
    `SELECT asset, SUM(delta) AS held FROM report_daily_lots WHERE local_date < ?${issuer} GROUP BY asset`,
    params(period.from),
  );
  const opening = { points: 0, fen: 0 };
  for (const row of openingRows) opening[row.asset === 'POINTS' ? 'points' : 'fen'] += Number(row.held);
  const rows = await select<{ local_date: string; asset: string; held: string | number }>(
    db,
    `SELECT local_date, asset, SUM(delta) AS held FROM report_daily_lots WHERE local_date >= ? AND local_date <= ?${issuer}
      GROUP BY local_date, asset`,
    params(period.from, period.to),
  );
  const perDay = new Map<string, { points: number; fen: number }>();
  for (const row of rows) {
    const entry = perDay.get(row.local_date) ?? { points: 0, fen: 0 };
    entry[row.asset === 'POINTS' ? 'points' : 'fen'] += Number(row.held);
    perDay.set(row.local_date, entry);
  }
  return { opening, perDay };
}
