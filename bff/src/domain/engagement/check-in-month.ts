import type { CheckInMonthResponse } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { ruleInForce } from '../rules/rule-store';
import { localDate } from '../shared/chain-time';
import { checkInPoints, streakReaching } from './check-in';

/** GET /api/me/check-ins?month=: the month's check-ins for the calendar, and today's state. */
export async function checkInMonth(
  db: Tx,
  input: { memberId: string; month?: string; now: Date; timeZone: string },
): Promise<CheckInMonthResponse> {
  const today = localDate(input.now, input.timeZone);
  const month = input.month ?? today.slice(0, 7);
  const rows = await select<{ local_date: string; streak_days: number | string; points: number | string }>(
    db,
    'SELECT local_date, streak_days, points FROM check_ins WHERE member_id = ? AND local_date >= ? AND local_date <= ? ORDER BY local_date',
    [input.memberId, `${month}-01`, `${month}-31`],
  );
  const [todayRow] = await select<{ streak_days: number | string }>(
    db,
    'SELECT streak_days FROM check_ins WHERE member_id = ? AND local_date = ?',
    [input.memberId, today],
  );
  const next = await streakReaching(db, input.memberId, today);
  const rule = (await ruleInForce(db, 'checkin')).rule;
  return {
    month,
    today,
    checkedInToday: Boolean(todayRow),
    currentStreak: todayRow ? Number(todayRow.streak_days) : next - 1,
    nextPoints: checkInPoints(rule, todayRow ? Number(todayRow.streak_days) + 1 : next),
    days: rows.map((row) => ({
      date: row.local_date,
      streakDays: Number(row.streak_days),
      pointsAwarded: Number(row.points),
    })),
  };
}
