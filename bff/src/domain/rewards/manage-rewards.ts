import type { Reward, RewardExchange, RewardRequest } from '@tongka/shared-types';
import { execute, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { EXCHANGE_COLUMNS, type ExchangeRow, exchangeView, type RewardRow, readReward, rewardView } from './reward-row';

/** POST /api/admin/rewards: a catalogue item; unknown pickup stores are refused, nothing written. */
export async function createReward(
  tx: Tx,
  input: { body: RewardRequest; adminId: string; now: Date },
): Promise<Reward> {
  const { body, now } = input;
  const storeIds = body.storeIds ? [...new Set(body.storeIds)] : null;
  if (storeIds) {
    const found = await select<{ id: string }>(
      tx,
      `SELECT id FROM stores WHERE id IN (${storeIds.map(() => '?').join(', ')})`,
      storeIds,
    );
    const missing = storeIds.filter((id) => !found.some((row) => row.id === id));
    if (missing.length > 0) throw new AppError('STORE_NOT_FOUND', 'No such store.', { storeIds: missing });
  }
  const id = ulid();
  await execute(
    tx,
    `INSERT INTO rewards (id, name, description, points_price, cash_price_fen, stock, per_member_limit, active_from,
       active_until, store_ids, status, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
    [
      id,
      body.name,
      body.description ?? null,
      body.pointsPrice,
      body.cashPriceFen ?? 0,
      body.stock,
      body.perMemberLimit ?? null,
      body.activeFrom ? new Date(body.activeFrom) : null,
      body.activeUntil ? new Date(body.activeUntil) : null,
      storeIds ? JSON.stringify(storeIds) : null,
      input.adminId,
      now,
    ],
  );
  const created = rewardView(await readReward(tx, id));
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'reward.create',
    targetType: 'reward',
    targetId: id,
    after: created,
    at: now,
  });
  return created;
}

/** GET /api/rewards: the items a member may exchange now (active, in window), with pickup store names. */
export async function listRewards(db: Tx, now: Date): Promise<{ items: Reward[] }> {
  const rows = await select<RewardRow>(
    db,
    `SELECT * FROM rewards WHERE status = 'active' AND (active_from IS NULL OR active_from <= ?)
        AND (active_until IS NULL OR active_until > ?) ORDER BY points_price, id LIMIT 100`,
    [now, now],
  );
  const stores = await select<{ id: string; name: string }>(db, 'SELECT id, name FROM stores ORDER BY code LIMIT 500');
  const names = new Map(stores.map((store) => [store.id, store.name]));
  return {
    items: rows.map((row) => {
      const ids = row.store_ids ? (JSON.parse(row.store_ids) as string[]) : [...names.keys()];
      return rewardView(
        row,
        ids.map((storeId) => names.get(storeId) ?? storeId),
      );
    }),
  };
}

/** GET /api/me/reward-exchanges: my pickups, newest first (ix_reward_exchanges_member_created). */
export async function listMemberExchanges(
  db: Tx,
  memberId: string,
): Promise<{ items: RewardExchange[]; nextCursor: null }> {
  const rows = await select<ExchangeRow>(
    db,
    `SELECT ${EXCHANGE_COLUMNS} FROM reward_exchanges x JOIN rewards r ON r.id = x.reward_id
      WHERE x.member_id = ? ORDER BY x.created_at DESC, x.id DESC LIMIT 100`,
    [memberId],
  );
  return { items: rows.map(exchangeView), nextCursor: null };
}
