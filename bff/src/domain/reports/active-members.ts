import { select, type Tx } from '../../db/tx';
import { dayBit } from '../ledger/member-activity';
import { datesOf, type ReportPeriod } from './report-period';

/** Per year of the period: the month columns and day masks it covers. */
function masksByYear(period: ReportPeriod): Map<number, Map<string, number>> {
  const out = new Map<number, Map<string, number>>();
  for (const date of datesOf(period)) {
    const { year, column, bit } = dayBit(date);
    const months = out.get(year) ?? new Map<string, number>();
    months.set(column, (months.get(column) ?? 0) | bit);
    out.set(year, months);
  }
  return out;
}

function activeCondition(months: Map<string, number>): { sql: string; params: number[] } {
  const parts = [...months.keys()].map((column) => `(${column} & ?) <> 0`);
  return { sql: `(${parts.join(' OR ')})`, params: [...months.values()] };
}

/**
 * Members active in the period per store, and in the whole chain under '*': a bit test on one row
 * per member, store and year (report_member_years); a period across two years counts a member once.
 */
export async function activeMembersByStore(db: Tx, period: ReportPeriod): Promise<Map<string, number>> {
  const years = [...masksByYear(period)];
  if (years.length === 1) {
    const [[year, months]] = years;
    const cond = activeCondition(months);
    const rows = await select<{ store_key: string; members: string | number }>(
      db,
      `SELECT store_key, COUNT(*) AS members FROM report_member_years WHERE year = ? AND ${cond.sql} GROUP BY store_key`,
      [year, ...cond.params],
    );
    return new Map(rows.map((row) => [row.store_key, Number(row.members)]));
  }
  const seen = new Map<string, Set<string>>();
  for (const [year, months] of years) {
    const cond = activeCondition(months);
    const rows = await select<{ store_key: string; member_id: string }>(
      db,
      `SELECT store_key, member_id FROM report_member_years WHERE year = ? AND ${cond.sql}`,
      [year, ...cond.params],
    );
    for (const row of rows) {
      const members = seen.get(row.store_key) ?? new Set<string>();
      members.add(row.member_id);
      seen.set(row.store_key, members);
    }
  }
  return new Map([...seen].map(([key, members]) => [key, members.size]));
}

/** Members active on each day of the period, at one store or ('*') in the chain. */
export async function activeMembersPerDay(
  db: Tx,
  period: ReportPeriod,
  storeKey: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const byYear = new Map<number, string[]>();
  for (const date of datesOf(period)) {
    const year = Number(date.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), date]);
  }
  for (const [year, dates] of byYear) {
    const sums = dates.map((date) => {
      const { column, bit } = dayBit(date);
      return `SUM(CASE WHEN (${column} & ${bit}) <> 0 THEN 1 ELSE 0 END) AS d${date.replace(/-/g, '')}`;
    });
    const [row] = await select<Record<string, string | number | null>>(
      db,
      `SELECT ${sums.join(', ')} FROM report_member_years WHERE store_key = ? AND year = ?`,
      [storeKey, year],
    );
    for (const date of dates) out.set(date, Number(row?.[`d${date.replace(/-/g, '')}`] ?? 0));
  }
  return out;
}
