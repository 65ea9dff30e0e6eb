import type { PointsGiftResponse, PointsGiftRule } from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { getMemberBalances, giftPoints } from '../ledger';
import { ruleInForce } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import { localDate } from '../shared/chain-time';
import { ulid } from '../shared/ulid';

export interface GiftInput {
  senderId: string;
  recipientCode: string;
  points: number;
  operationId: string;
  now: Date;
  timeZone: string;
}

export const maskCode = (code: string) => (code.length <= 4 ? '****' : `${code.slice(0, 2)}****${code.slice(-2)}`);

/**
 * POST /api/me/points/gift: HQ's limits (per gift, per sender and chain-local day: the day's running
 * total moves by a conditional UPDATE, so concurrent gifts cannot pass it together), then one GIFT
 * through the ledger, whose conditional wallet debit decides "enough" (spendable points only).
 */
export async function giftPointsToMember(tx: Tx, input: GiftInput): Promise<PointsGiftResponse> {
  const sender = await activeMember(tx, 'id = ?', input.senderId, 'MEMBER_NOT_FOUND');
  if (Number(sender.spend_blocked)) throw new AppError('MEMBER_BLOCKED', 'This card may not spend points now.');
  const recipient = await activeMember(tx, 'referral_code = ?', input.recipientCode, 'GIFT_RECIPIENT_NOT_FOUND');
  if (recipient.id === sender.id) throw new AppError('GIFT_TO_SELF', 'Points cannot be gifted to yourself.');
  const rule = (await ruleInForce(tx, 'points-gift')).rule;
  if (!rule.enabled) throw new AppError('GIFTS_DISABLED', 'Points gifts are switched off.');
  if (input.points > rule.perGiftMaxPoints) {
    throw new AppError('GIFT_LIMIT_EXCEEDED', `One gift may carry at most ${rule.perGiftMaxPoints} points.`, {
      perGiftMaxPoints: rule.perGiftMaxPoints,
    });
  }
  const date = localDate(input.now, input.timeZone);
  const sentToday = await addToDailyTotal(tx, sender.id, date, input.points, rule);
  const giftId = ulid();
  const { transferId } = await giftPoints(tx, {
    fromMemberId: sender.id,
    toMemberId: recipient.id,
    points: input.points,
    idempotencyKey: `gift:${input.operationId}`,
    causeType: 'points-gift',
    causeId: giftId,
    note: `转赠 ${maskCode(input.recipientCode)}`,
    at: input.now,
  });
  await execute(
    tx,
    'INSERT INTO points_gifts (id, sender_id, recipient_id, points, local_date, transfer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [giftId, sender.id, recipient.id, input.points, date, transferId, input.now],
  );
  return {
    giftId,
    points: input.points,
    recipientCodeMasked: maskCode(input.recipientCode),
    pointsLeft: (await getMemberBalances(tx, sender.id)).points,
    remainingToday: rule.dailyMaxPoints - sentToday,
    createdAt: input.now.toISOString(),
  };
}

/** An active member by id or by referral code (compared exactly), or the given 404. */
export async function activeMember(
  tx: Tx,
  where: string,
  value: string,
  code: 'MEMBER_NOT_FOUND' | 'GIFT_RECIPIENT_NOT_FOUND',
) {
  const rows = await select<{ id: string; referral_code: string; spend_blocked: number | boolean }>(
    tx,
    `SELECT id, referral_code, spend_blocked FROM members WHERE ${where} AND status = 'active'`,
    [value],
  );
  // Codes compare exactly (the column's collation may fold case).
  const row = rows.find((member) => (code === 'MEMBER_NOT_FOUND' ? member.id : member.referral_code) === value);
  if (!row) throw new AppError(code, code === 'MEMBER_NOT_FOUND' ? 'No such member.' : 'No member has this code.');
  return row;
}

/** Adds to the sender's total for the day unless it would pass the daily limit; the new total. */
async function addToDailyTotal(tx: Tx, memberId: string, date: string, points: number, rule: PointsGiftRule) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const moved = await execute(
      tx,
      'UPDATE points_gift_days SET points_sent = points_sent + ? WHERE member_id = ? AND local_date = ? AND points_sent + ? <= ?',
      [points, memberId, date, points, rule.dailyMaxPoints],
    );
    if (moved === 1) return sentOn(tx, memberId, date);
    if (
      (
        await select(tx, 'SELECT member_id FROM points_gift_days WHERE member_id = ? AND local_date = ?', [
          memberId,
          date,
        ])
      ).length
    )
      throw dailyLimit(rule, await sentOn(tx, memberId, date));
    try {
      await execute(tx, 'INSERT INTO points_gift_days (member_id, local_date, points_sent) VALUES (?, ?, 0)', [
        memberId,
        date,
      ]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new AppError('IDEMPOTENCY_REQUEST_IN_PROGRESS', 'Another gift is being sent; try again.');
}

async function sentOn(tx: Tx, memberId: string, date: string): Promise<number> {
  const [row] = await select<{ points_sent: number | string }>(
    tx,
    'SELECT points_sent FROM points_gift_days WHERE member_id = ? AND local_date = ?',
    [memberId, date],
  );
  return Number(row?.points_sent ?? 0);
}

function dailyLimit(rule: PointsGiftRule, sent: number): AppError {
  return new AppError('GIFT_LIMIT_EXCEEDED', `At most ${rule.dailyMaxPoints} points may be gifted a day.`, {
    dailyMaxPoints: rule.dailyMaxPoints,
    remainingToday: Math.max(0, rule.dailyMaxPoints - sent),
  });
}

/** GET /api/me/points/gift-options */
export async function giftOptions(db: Tx, input: { memberId: string; now: Date; timeZone: string }) {
  const rule = (await ruleInForce(db, 'points-gift')).rule;
  const sent = await sentOn(db, input.memberId, localDate(input.now, input.timeZone));
  return {
    enabled: rule.enabled,
    perGiftMaxPoints: rule.perGiftMaxPoints,
    remainingToday: Math.max(0, rule.dailyMaxPoints - sent),
    spendablePoints: (await getMemberBalances(db, input.memberId)).points,
  };
}
