import type { CheckInResponse, CheckInRule } from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { earnPoints } from '../ledger';
import { ruleInForce } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import { addLocalDays, localDate } from '../shared/chain-time';
import { ulid } from '../shared/ulid';
import { assertActiveMember } from './members';

/** Base points plus the bonus HQ set for the streak day reached (e.g. day 7: +10). */
export function checkInPoints(rule: CheckInRule, streakDays: number): number {
  const bonus = rule.streakBonuses.find((entry) => entry.day === streakDays)?.points ?? 0;
  return rule.basePoints + bonus;
}

/** The streak a check-in on `date` reaches: one more than yesterday's, else 1. */
export async function streakReaching(db: Tx, memberId: string, date: string): Promise<number> {
  const [yesterday] = await select<{ streak_days: number | string }>(
    db,
    'SELECT streak_days FROM check_ins WHERE member_id = ? AND local_date = ?',
    [memberId, addLocalDays(date, -1)],
  );
  return yesterday ? Number(yesterday.streak_days) + 1 : 1;
}

/**
 * POST /api/me/check-in: one row per member and chain-local day, the unique key deciding between
 * concurrent taps (the losers wait on the winner's row and then see the duplicate); the reward is
 * HQ-funded (system campaign account) through the ledger, its history line naming the streak.
 */
export async function checkIn(
  tx: Tx,
  input: { memberId: string; now: Date; timeZone: string },
): Promise<CheckInResponse> {
  await assertActiveMember(tx, input.memberId);
  const date = localDate(input.now, input.timeZone);
  const streakDays = await streakReaching(tx, input.memberId, date);
  const rule = (await ruleInForce(tx, 'checkin')).rule;
  const points = checkInPoints(rule, streakDays);
  const id = ulid();
  try {
    await execute(
      tx,
      'INSERT INTO check_ins (id, member_id, local_date, streak_days, points, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [id, input.memberId, date, streakDays, points, input.now],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('ALREADY_CHECKED_IN', 'You have already checked in today.', { date });
  }
  await earnPoints(tx, {
    memberId: input.memberId,
    storeId: null,
    points,
    kind: 'CHECKIN',
    fundedBy: 'HQ',
    idempotencyKey: `checkin:${input.memberId}:${date}`,
    causeType: 'check-in',
    causeId: id,
    earnedAt: input.now,
    note: `连续签到第${streakDays}天`,
  });
  return { pointsAwarded: points, streakDays, date };
}
