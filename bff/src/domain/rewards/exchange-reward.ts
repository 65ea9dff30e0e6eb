import type { RewardExchangeResponse } from '@tongka/shared-types';
import { execute, isUniqueViolation, readInstant, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { newPickupCode } from '../coupons/coupon-codes';
import { holdPoints, spendPoints } from '../ledger';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { type RewardRow, readReward } from './reward-row';

/** How long points stay held for an exchange whose cash part is being paid. */
export const CASH_PART_HOLD_MS = 15 * 60 * 1000;

export type ExchangeOutcome =
  | { kind: 'exchanged'; answer: RewardExchangeResponse }
  | { kind: 'cash-part-pending'; exchangeId: string; pointsHeld: number; cashFen: number; expiresAt: string };

/**
 * POST /api/rewards/:id/exchange (idempotent through its key): the member's count and the stock
 * are each taken by one conditional UPDATE (stock never below zero under a rush), then the points
 * leave through the ledger. An item with a cash part holds the points instead (two-phase) until
 * completeCashPartExchange posts or voids the hold.
 */
export async function exchangeReward(
  tx: Tx,
  deps: AppDeps,
  input: { memberId: string; rewardId: string; quantity: number },
): Promise<ExchangeOutcome> {
  const now = deps.clock.now();
  const reward = await readReward(tx, input.rewardId);
  assertAvailable(reward, now);
  if (reward.per_member_limit !== null) {
    await takeMemberQuota(tx, reward.id, input.memberId, input.quantity, Number(reward.per_member_limit));
  }
  const taken = await execute(tx, 'UPDATE rewards SET stock = stock - ? WHERE id = ? AND stock >= ?', [
    input.quantity,
    reward.id,
    input.quantity,
  ]);
  if (taken !== 1)
    throw new AppError('REWARD_OUT_OF_STOCK', 'Not enough of this reward is left.', { rewardId: reward.id });
  const exchangeId = ulid();
  const points = Number(reward.points_price) * input.quantity;
  const cashFen = Number(reward.cash_price_fen) * input.quantity;
  const debit = {
    memberId: input.memberId,
    storeId: null,
    points,
    kind: 'EXCHANGE' as const,
    causeType: 'reward-exchange',
    causeId: exchangeId,
    note: reward.name,
    at: now,
  };
  if (cashFen > 0) {
    const held = await holdPoints(tx, { ...debit, idempotencyKey: `reward-exchange:${exchangeId}:hold` });
    const expiresAt = new Date(now.getTime() + CASH_PART_HOLD_MS);
    await insertExchange(tx, {
      exchangeId,
      input,
      points,
      cashFen,
      status: 'pending_payment',
      pickupCode: null,
      transferId: held.transferId,
      portions: held.consumed,
      now,
      expiresAt,
    });
    return { kind: 'cash-part-pending', exchangeId, pointsHeld: points, cashFen, expiresAt: expiresAt.toISOString() };
  }
  const spent = await spendPoints(tx, { ...debit, idempotencyKey: `reward-exchange:${exchangeId}:spend` });
  const pickupCode = newPickupCode();
  await insertExchange(tx, {
    exchangeId,
    input,
    points,
    cashFen,
    status: 'ready',
    pickupCode,
    transferId: spent.transferId,
    portions: spent.consumed,
    now,
    expiresAt: null,
  });
  return { kind: 'exchanged', answer: { exchangeId, pickupCode, pointsSpent: points } };
}

function assertAvailable(reward: RewardRow, now: Date): void {
  const before = reward.active_from !== null && now.getTime() < readInstant(reward.active_from).getTime();
  const after = reward.active_until !== null && now.getTime() >= readInstant(reward.active_until).getTime();
  if (reward.status !== 'active' || before || after) {
    throw new AppError('REWARD_NOT_AVAILABLE', 'This reward cannot be exchanged now.', { rewardId: reward.id });
  }
}

/** As for coupon claims: the conditional UPDATE first, the insert only for a first exchange. */
async function takeMemberQuota(
  tx: Tx,
  rewardId: string,
  memberId: string,
  quantity: number,
  limit: number,
): Promise<void> {
  const bump = () =>
    execute(
      tx,
      'UPDATE reward_member_counts SET exchanged = exchanged + ? WHERE member_id = ? AND reward_id = ? AND exchanged + ? <= ?',
      [quantity, memberId, rewardId, quantity, limit],
    );
  if ((await bump()) === 1) return;
  if (quantity <= limit) {
    try {
      await execute(tx, 'INSERT INTO reward_member_counts (member_id, reward_id, exchanged) VALUES (?, ?, ?)', [
        memberId,
        rewardId,
        quantity,
      ]);
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    if ((await bump()) === 1) return;
  }
  throw new AppError('REWARD_LIMIT_REACHED', 'This member may not exchange more of this reward.', {
    rewardId,
    perMemberLimit: limit,
  });
}

async function insertExchange(
  tx: Tx,
  row: {
    exchangeId: string;
    input: { memberId: string; rewardId: string; quantity: number };
    points: number;
    cashFen: number;
    status: 'ready' | 'pending_payment';
    pickupCode: string | null;
    transferId: string;
    portions: unknown;
    now: Date;
    expiresAt: Date | null;
  },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO reward_exchanges (id, reward_id, member_id, quantity, points_spent, cash_fen, status, pickup_code,
       transfer_id, portions, created_at, expires_at, fulfilled_store_id, fulfilled_by, fulfilled_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)`,
    [
      row.exchangeId,
      row.input.rewardId,
      row.input.memberId,
      row.input.quantity,
      row.points,
      row.cashFen,
      row.status,
      row.pickupCode,
      row.transferId,
      JSON.stringify(row.portions),
      row.now,
      row.expiresAt,
    ],
  );
}
