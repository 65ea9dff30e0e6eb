import { execute, inTransaction, readInstant, select, type Tx } from '../../db/tx';
import type { JobRun } from '../../jobs/registry';
import { lockClause } from '../checkout/member-snapshot';
import { newPickupCode } from '../coupons/coupon-codes';
import { postTransfer, voidTransfer } from '../ledger';
import { AppError } from '../shared/app-error';
import { type ExchangeRow, readExchange } from './reward-row';

/**
 * The seam for the cash part of a reward (WeChat Pay wires it): `paid` posts the held points and
 * gives the exchange its pickup code; `timed-out` (or a failed payment) voids the hold, so the member
 * gets the same lots back, and returns the stock and the member's quota. Only an exchange still
 * pending payment moves; anything else is answered as it stands (a notification may come twice).
 */
export async function completeCashPartExchange(
  tx: Tx,
  input: { exchangeId: string; outcome: 'paid' | 'timed-out'; at: Date },
): Promise<{ status: ExchangeRow['status']; pickupCode: string | null }> {
  const exchange = await readExchange(tx, 'x.id = ?', [input.exchangeId], lockClause(tx));
  if (!exchange) throw new AppError('NOT_FOUND', 'There is no such reward exchange.', { exchangeId: input.exchangeId });
  if (exchange.status !== 'pending_payment') return { status: exchange.status, pickupCode: exchange.pickup_code };
  if (input.outcome === 'paid') {
    await postTransfer(tx, exchange.transfer_id, input.at);
    const pickupCode = newPickupCode();
    await execute(
      tx,
      "UPDATE reward_exchanges SET status = 'ready', pickup_code = ?, expires_at = NULL WHERE id = ? AND status = 'pending_payment'",
      [pickupCode, exchange.id],
    );
    return { status: 'ready', pickupCode };
  }
  await voidTransfer(tx, exchange.transfer_id, input.at);
  const quantity = Number(exchange.quantity);
  await execute(tx, 'UPDATE rewards SET stock = stock + ? WHERE id = ?', [quantity, exchange.reward_id]);
  await execute(
    tx,
    'UPDATE reward_member_counts SET exchanged = exchanged - ? WHERE reward_id = ? AND member_id = ? AND exchanged >= ?',
    [quantity, exchange.reward_id, exchange.member_id, quantity],
  );
  await execute(tx, "UPDATE reward_exchanges SET status = 'cancelled' WHERE id = ? AND status = 'pending_payment'", [
    exchange.id,
  ]);
  return { status: 'cancelled', pickupCode: null };
}

/** Job `release-reward-holds`: voids the holds of cash-part exchanges not paid by their deadline. */
export const releaseRewardHoldsJob: JobRun = async (deps, options) => {
  const due = await select<{ id: string; expires_at: Date | string }>(
    deps.dataSource.manager,
    "SELECT id, expires_at FROM reward_exchanges WHERE status = 'pending_payment' AND expires_at < ? ORDER BY expires_at, id LIMIT 1000",
    [options.asOf],
  );
  let processed = 0;
  for (const row of due) {
    const at = readInstant(row.expires_at);
    const result = await inTransaction(deps.dataSource, (tx) =>
      completeCashPartExchange(tx, { exchangeId: row.id, outcome: 'timed-out', at }),
    );
    if (result.status === 'cancelled') processed += 1;
    options.onProgress?.(processed, due.length);
  }
  return { processed };
};
