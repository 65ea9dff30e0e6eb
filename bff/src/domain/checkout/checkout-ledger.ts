import type { Tx } from '../../db/tx';
import { debitStoredValue, earnPendingPoints, earnPoints, type LotPortion, spendPoints } from '../ledger';
import type { CheckoutPrice } from './price-checkout';

export interface CheckoutLedgerResult {
  redeemedPortions: LotPortion[];
  storedValuePortions: LotPortion[];
}

/**
 * The checkout's ledger movements, each keyed by the checkout id (a replayed checkout cannot
 * move value twice): REDEEM points, SPEND stored value, EARN points (the store's part and, for
 * an HQ-funded campaign, HQ's part as a separate HQ-funded lot). Under a pending period
 * (`releaseAt`), the earned parts are pending transfers instead, released by release-pending-points.
 */
export async function applyCheckoutToLedger(
  tx: Tx,
  input: {
    checkoutId: string;
    storeId: string;
    memberId: string;
    price: CheckoutPrice;
    at: Date;
    releaseAt?: Date | null;
  },
): Promise<CheckoutLedgerResult> {
  const { checkoutId, storeId, memberId, price } = input;
  const cause = { causeType: 'checkout', causeId: checkoutId };
  let redeemedPortions: LotPortion[] = [];
  let storedValuePortions: LotPortion[] = [];
  if (price.pointsRedeemed > 0) {
    const spent = await spendPoints(tx, {
      memberId,
      storeId,
      points: price.pointsRedeemed,
      idempotencyKey: `checkout:${checkoutId}:redeem`,
      kind: 'REDEEM',
      at: input.at,
      ...cause,
    });
    redeemedPortions = spent.consumed;
  }
  if (price.storedValuePaidFen > 0) {
    const debited = await debitStoredValue(tx, {
      memberId,
      storeId,
      fen: price.storedValuePaidFen,
      idempotencyKey: `checkout:${checkoutId}:stored-value`,
      kind: 'SPEND',
      at: input.at,
      ...cause,
    });
    storedValuePortions = debited.consumed;
  }
  const parts = [
    { fundedBy: 'STORE' as const, points: price.earn.storeFundedPoints, key: 'earn' },
    { fundedBy: 'HQ' as const, points: price.earn.hqFundedPoints, key: 'earn-hq' },
  ];
  for (const part of parts) {
    if (part.points <= 0) continue;
    if (input.releaseAt) {
      await earnPendingPoints(tx, {
        memberId,
        storeId,
        points: part.points,
        idempotencyKey: `checkout:${checkoutId}:${part.key}`,
        fundedBy: part.fundedBy,
        earnedAt: input.at,
        releaseAt: input.releaseAt,
        ...cause,
      });
      continue;
    }
    await earnPoints(tx, {
      memberId,
      storeId,
      points: part.points,
      idempotencyKey: `checkout:${checkoutId}:${part.key}`,
      kind: 'EARN',
      fundedBy: part.fundedBy,
      earnedAt: input.at,
      ...cause,
    });
  }
  return { redeemedPortions, storedValuePortions };
}
