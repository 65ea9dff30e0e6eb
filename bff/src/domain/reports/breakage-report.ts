import type { BreakageReport } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { addLocalDays, startOfLocalDay } from '../shared/chain-time';
import { type PointsFlows, pointsFlowsBy, zeroFlows } from './report-flows';
import type { ReportPeriod } from './report-period';

const FORECAST_DAYS = 90;
const BUCKET_DAYS = 7;

const rate = (f: PointsFlows) => (f.pointsIssued > 0 ? f.pointsExpired / f.pointsIssued : 0);

/**
 * Breakage (points expired ÷ points issued) over a period, chain-wide and per store, and what will
 * expire in the next 90 days from `today` in 7-day buckets (lots still holding points).
 */
export async function breakageReport(
  db: Tx,
  period: ReportPeriod,
  today: string,
  timeZone: string,
): Promise<BreakageReport> {
  const flows = await pointsFlowsBy(db, 'store', period.from, period.to);
  const total = zeroFlows();
  const stores = [...flows.entries()]
    .filter(([key]) => key !== '-')
    .map(([storeId, f]) => ({
      storeId,
      pointsIssued: f.pointsIssued,
      pointsExpired: f.pointsExpired,
      breakageRate: rate(f),
    }));
  for (const f of flows.values()) {
    total.pointsIssued += f.pointsIssued;
    total.pointsExpired += f.pointsExpired;
  }
  const forecast = [];
  for (let start = 0; start < FORECAST_DAYS; start += BUCKET_DAYS) {
    const end = Math.min(start + BUCKET_DAYS, FORECAST_DAYS);
    const [row] = await select<{ points: string | number | null }>(
      db,
      `SELECT SUM(remaining) AS points FROM ledger_lots
        WHERE asset = 'POINTS' AND expires_at >= ? AND expires_at < ? AND remaining > 0`,
      [startOfLocalDay(addLocalDays(today, start), timeZone), startOfLocalDay(addLocalDays(today, end), timeZone)],
    );
    forecast.push({
      from: addLocalDays(today, start),
      to: addLocalDays(today, end - 1),
      points: Number(row?.points ?? 0),
    });
  }
  return {
    from: period.from,
    to: period.to,
    pointsIssued: total.pointsIssued,
    pointsExpired: total.pointsExpired,
    breakageRate: rate(total),
    stores,
    forecast,
    forecastTotalPoints: forecast.reduce((sum, b) => sum + b.points, 0),
  };
}
