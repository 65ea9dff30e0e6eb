import type {
  AdminReward,
  AdminRewardExchange,
  AdminRewardExchangeQuery,
  AdminRewardList,
  RewardUpdate,
} from '@tongka/shared-types';
import { execute, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { lockClause } from '../checkout/member-snapshot';
import { decodeCursor, encodeCursor, isUlid } from '../shared/cursor';
import { EXCHANGE_COLUMNS, type ExchangeRow, exchangeView, type RewardRow, readReward, rewardView } from './reward-row';

const adminView = (row: RewardRow): AdminReward => ({ ...rewardView(row), status: row.status });

/** GET /api/admin/rewards: every item, on the shelf or not, newest first (ids are ULIDs). */
export async function listAdminRewards(db: Tx): Promise<AdminRewardList> {
  const rows = await select<RewardRow>(db, 'SELECT * FROM rewards ORDER BY id DESC LIMIT 100');
  return { items: rows.map(adminView), nextCursor: null };
}

const COLUMNS: Record<Exclude<keyof RewardUpdate, 'perMemberLimit'>, string> = {
  name: 'name',
  description: 'description',
  pointsPrice: 'points_price',
  cashPriceFen: 'cash_price_fen',
  stock: 'stock',
  status: 'status',
};

/**
 * PUT /api/admin/rewards/:id: the row is locked, the given fields set, the change audited. An
 * exchange already made keeps what it spent; `stock` is what is left from now on.
 */
export async function updateReward(
  tx: Tx,
  input: { rewardId: string; change: RewardUpdate; adminId: string; now: Date },
): Promise<AdminReward> {
  const before = adminView(await readRewardForUpdate(tx, input.rewardId));
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [field, column] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string]>) {
    if (input.change[field] === undefined) continue;
    sets.push(`${column} = ?`);
    values.push(input.change[field]);
  }
  if (input.change.perMemberLimit !== undefined) {
    sets.push('per_member_limit = ?');
    values.push(input.change.perMemberLimit);
  }
  await execute(tx, `UPDATE rewards SET ${sets.join(', ')} WHERE id = ?`, [...values, input.rewardId]);
  const after = adminView(await readReward(tx, input.rewardId));
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'reward.update',
    targetType: 'reward',
    targetId: input.rewardId,
    before,
    after,
    at: input.now,
  });
  return after;
}

async function readRewardForUpdate(tx: Tx, rewardId: string): Promise<RewardRow> {
  await select(tx, `SELECT id FROM rewards WHERE id = ?${lockClause(tx)}`, [rewardId]);
  return readReward(tx, rewardId);
}

/** GET /api/admin/reward-exchanges: exchanges and pickups across the chain, newest first, by cursor. */
export async function listAdminExchanges(
  db: Tx,
  query: AdminRewardExchangeQuery,
): Promise<{ items: AdminRewardExchange[]; nextCursor: string | null }> {
  const after = decodeCursor('reward-exchanges', query.cursor, [isUlid])?.[0];
  const filters: Array<[string, string]> = [];
  if (after) filters.push(['x.id < ?', after]);
  if (query.status) filters.push(['x.status = ?', query.status]);
  if (query.rewardId) filters.push(['x.reward_id = ?', query.rewardId]);
  const where = filters.length ? `WHERE ${filters.map(([clause]) => clause).join(' AND ')}` : '';
  const rows = await select<ExchangeRow>(
    db,
    `SELECT ${EXCHANGE_COLUMNS} FROM reward_exchanges x JOIN rewards r ON r.id = x.reward_id ${where}
      ORDER BY x.id DESC LIMIT ?`,
    [...filters.map(([, value]) => value), query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const items = page.map((row) => {
    const { pickupCode: _secret, ...exchange } = exchangeView(row);
    return { ...exchange, memberId: row.member_id };
  });
  const last = page[page.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor('reward-exchanges', [last.id]) : null };
}
