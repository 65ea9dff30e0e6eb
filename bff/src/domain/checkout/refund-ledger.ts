import type { Tx } from '../../db/tx';
import {
  clawBackPoints,
  type LotPortion,
  pendingEarnsOf,
  returnPoints,
  returnStoredValue,
  voidPendingEarns,
} from '../ledger';
import { splitLargestRemainder } from './largest-remainder';
import type { RefundShare } from './prorate-refund';

/** A consumed lot portion as stored on the checkout, with how much of it refunds already gave back. */
export interface StoredPortion extends Omit<LotPortion, 'expiresAt'> {
  expiresAt: string | null;
  returned?: number;
}

/**
 * Which lots a refund gives back: `amount` spread over what is still unreturned of each portion
 * (largest remainder, so exact), each keeping its original store and expiry (contracts.md).
 */
export function takeFromPortions(
  portions: StoredPortion[],
  amount: number,
): { take: LotPortion[]; after: StoredPortion[] } {
  const open = portions.map((portion) => portion.amount - (portion.returned ?? 0));
  const split = splitLargestRemainder(amount, open);
  const take: LotPortion[] = [];
  const after = portions.map((portion, index) => {
    if (split[index] > 0) {
      take.push({
        lotId: portion.lotId,
        issuingStoreId: portion.issuingStoreId,
        fundedBy: portion.fundedBy,
        amount: split[index],
        expiresAt: portion.expiresAt ? new Date(portion.expiresAt) : null,
      });
    }
    return { ...portion, returned: (portion.returned ?? 0) + split[index] };
  });
  return { take, after };
}

export interface RefundLedgerResult {
  pointsReturned: LotPortion[];
  storedValueReturned: LotPortion[];
  pointsClawedBack: number;
  pointsDebt: number;
  /** Earned points taken back while still pending (voided, never spendable: no clawback, no debt). */
  pointsPendingVoided: number;
  redeemedAfter: StoredPortion[];
  storedValueAfter: StoredPortion[];
}

/**
 * The refund's ledger movements, keyed by the refund id: return points and stored value, take
 * back earned points (from those still pending first, then by clawback).
 */
export async function applyRefundToLedger(
  tx: Tx,
  input: {
    checkoutId: string;
    refundId: string;
    storeId: string;
    memberId: string;
    share: RefundShare;
    at: Date;
    redeemed: StoredPortion[];
    storedValue: StoredPortion[];
  },
): Promise<RefundLedgerResult> {
  const { refundId, storeId, memberId, share } = input;
  const cause = { causeType: 'refund', causeId: refundId, at: input.at };
  const points = takeFromPortions(input.redeemed, share.pointsReturned);
  const storedValue = takeFromPortions(input.storedValue, share.storedValueFen);
  if (points.take.length > 0) {
    await returnPoints(tx, {
      memberId,
      storeId,
      portions: points.take,
      idempotencyKey: `refund:${refundId}:points`,
      kind: 'REFUND',
      ...cause,
    });
  }
  if (storedValue.take.length > 0) {
    await returnStoredValue(tx, {
      memberId,
      storeId,
      portions: storedValue.take,
      idempotencyKey: `refund:${refundId}:stored-value`,
      ...cause,
    });
  }
  const pendingVoided = await voidPendingShare(tx, input);
  let clawedBack = 0;
  let debt = 0;
  if (share.pointsClawedBack - pendingVoided > 0) {
    const claw = await clawBackPoints(tx, {
      memberId,
      storeId,
      points: share.pointsClawedBack - pendingVoided,
      idempotencyKey: `refund:${refundId}:clawback`,
      ...cause,
    });
    clawedBack = claw.clawedBack;
    debt = claw.debt;
  }
  return {
    pointsReturned: points.take,
    storedValueReturned: storedValue.take,
    pointsClawedBack: clawedBack,
    pointsDebt: debt,
    pointsPendingVoided: pendingVoided,
    redeemedAfter: points.after,
    storedValueAfter: storedValue.after,
  };
}

/**
 * Within the pending period the checkout's earned points are still pending transfers: the
 * refund's share of them is voided (a partial refund leaves the rest pending, same release).
 * Checkouts without pending earns write nothing here.
 */
async function voidPendingShare(
  tx: Tx,
  input: { checkoutId: string; refundId: string; memberId: string; share: RefundShare; at: Date },
): Promise<number> {
  if (input.share.pointsClawedBack <= 0) return 0;
  const cause = { causeType: 'checkout', causeId: input.checkoutId };
  if ((await pendingEarnsOf(tx, input.memberId, cause)).length === 0) return 0;
  const { voided } = await voidPendingEarns(tx, {
    ...cause,
    memberId: input.memberId,
    points: input.share.pointsClawedBack,
    idempotencyKey: `refund:${input.refundId}:pending`,
    at: input.at,
  });
  return voided;
}
