import type { Reward, RewardExchange } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';

export interface RewardRow {
  id: string;
  name: string;
  description: string | null;
  points_price: number | string;
  cash_price_fen: number | string;
  stock: number | string;
  per_member_limit: number | string | null;
  active_from: Date | string | null;
  active_until: Date | string | null;
  store_ids: string | null;
  status: 'active' | 'ended';
}

export interface ExchangeRow {
  id: string;
  reward_id: string;
  reward_name: string;
  member_id: string;
  quantity: number | string;
  points_spent: number | string;
  cash_fen: number | string;
  status: RewardExchange['status'];
  pickup_code: string | null;
  transfer_id: string;
  portions: string;
  store_ids: string | null;
  created_at: Date | string;
  expires_at: Date | string | null;
  fulfilled_store_id: string | null;
  fulfilled_at: Date | string | null;
}

export const EXCHANGE_COLUMNS = `x.*, r.name AS reward_name, r.store_ids`;

export function rewardView(row: RewardRow, storeNames?: string[]): Reward {
  const view: Reward = {
    id: row.id,
    name: row.name,
    description: row.description,
    pointsPrice: Number(row.points_price),
    cashPriceFen: Number(row.cash_price_fen),
    stock: Number(row.stock),
  };
  if (row.per_member_limit !== null) view.perMemberLimit = Number(row.per_member_limit);
  if (row.active_from !== null) view.activeFrom = readInstant(row.active_from).toISOString();
  if (row.active_until !== null) view.activeUntil = readInstant(row.active_until).toISOString();
  if (row.store_ids) view.storeIds = JSON.parse(row.store_ids) as string[];
  if (storeNames) view.storeNames = storeNames;
  return view;
}

export function exchangeView(row: ExchangeRow): RewardExchange {
  return {
    exchangeId: row.id,
    rewardId: row.reward_id,
    rewardName: row.reward_name,
    quantity: Number(row.quantity),
    pointsSpent: Number(row.points_spent),
    cashFen: Number(row.cash_fen),
    status: row.status,
    pickupCode: row.pickup_code,
    createdAt: readInstant(row.created_at).toISOString(),
    fulfilledStoreId: row.fulfilled_store_id,
    fulfilledAt: row.fulfilled_at === null ? null : readInstant(row.fulfilled_at).toISOString(),
  };
}

export async function readReward(db: Tx, rewardId: string): Promise<RewardRow> {
  const [row] = await select<RewardRow>(db, 'SELECT * FROM rewards WHERE id = ?', [rewardId]);
  if (!row) throw new AppError('REWARD_NOT_FOUND', 'There is no such reward.', { rewardId });
  return row;
}

export async function readExchange(db: Tx, where: string, params: unknown[], lock = ''): Promise<ExchangeRow | null> {
  const [row] = await select<ExchangeRow>(
    db,
    `SELECT ${EXCHANGE_COLUMNS} FROM reward_exchanges x JOIN rewards r ON r.id = x.reward_id WHERE ${where}${lock}`,
    params,
  );
  return row ?? null;
}
