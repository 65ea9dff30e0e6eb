import type { RewardExchange } from '@tongka/shared-types';
import { execute, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { lockClause } from '../checkout/member-snapshot';
import type { LotPortion } from '../ledger';
import { ruleInForce } from '../rules/rule-store';
import { recordSettlementLines } from '../settlement/record-settlement-lines';
import { AppError } from '../shared/app-error';
import { exchangeView, readExchange } from './reward-row';

/**
 * POST /api/stores/:storeId/pickups/verify: the clerk hands the reward over once, at any store the
 * item allows. The points were spent at the exchange; the store that hands the item over is the one
 * that gave value, so the stores (or HQ) that issued those points owe it (a settlement line per
 * issuer, as for points redeemed at a checkout).
 */
export async function verifyPickup(
  tx: Tx,
  deps: AppDeps,
  input: { storeId: string; staffMemberId: string; pickupCode: string },
): Promise<RewardExchange> {
  const now = deps.clock.now();
  const exchange = await readExchange(tx, 'x.pickup_code = ?', [input.pickupCode], lockClause(tx));
  if (!exchange || exchange.status === 'pending_payment' || exchange.status === 'cancelled') {
    throw new AppError('PICKUP_NOT_FOUND', 'There is no reward waiting for this pickup code.');
  }
  if (exchange.status === 'fulfilled') {
    throw new AppError('PICKUP_ALREADY_FULFILLED', 'This reward was already picked up.', {
      fulfilledStoreId: exchange.fulfilled_store_id,
    });
  }
  const storeIds = exchange.store_ids ? (JSON.parse(exchange.store_ids) as string[]) : null;
  if (storeIds && !storeIds.includes(input.storeId)) {
    throw new AppError('PICKUP_NOT_AT_THIS_STORE', 'This reward cannot be picked up at this store.', { storeIds });
  }
  const done = await execute(
    tx,
    `UPDATE reward_exchanges SET status = 'fulfilled', fulfilled_store_id = ?, fulfilled_by = ?, fulfilled_at = ?
      WHERE id = ? AND status = 'ready'`,
    [input.storeId, input.staffMemberId, now, exchange.id],
  );
  if (done !== 1) throw new AppError('PICKUP_ALREADY_FULFILLED', 'This reward was already picked up.');
  const settlement = await ruleInForce(tx, 'settlement');
  await recordSettlementLines(tx, {
    servingStoreId: input.storeId,
    causeType: 'pickup',
    causeId: exchange.id,
    sign: 1,
    pointPortions: JSON.parse(exchange.portions) as LotPortion[],
    storedValuePortions: [],
    pointCostCentiFen: Math.round(settlement.rule.pointCostFen * 100),
    at: now,
  });
  return exchangeView({ ...exchange, status: 'fulfilled', fulfilled_store_id: input.storeId, fulfilled_at: now });
}
