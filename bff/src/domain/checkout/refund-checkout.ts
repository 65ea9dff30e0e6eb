import type { RefundResponse } from '@tongka/shared-types';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { recordAudit } from '../audit/record-audit';
import { resolveActiveMemberId } from '../identity/resolve-active-member';
import { ruleInForce } from '../rules/rule-store';
import { recordSettlementLines } from '../settlement/record-settlement-lines';
import { AppError } from '../shared/app-error';
import { localDate } from '../shared/chain-time';
import { ulid } from '../shared/ulid';
import { refreshMemberTier } from '../tiers/refresh-member-tier';
import { runRefundHooks } from './checkout-hooks';
import { addEarnedToday } from './daily-earn';
import { lockClause, readMember } from './member-snapshot';
import { prorateRefund, type RefundableRemainder } from './prorate-refund';
import { applyRefundToLedger, type StoredPortion } from './refund-ledger';

interface CheckoutForRefund {
  id: string;
  member_id: string;
  amount_fen: number;
  coupon_discount_fen: number;
  points_redeemed: number;
  points_discount_fen: number;
  stored_value_paid_fen: number;
  cash_due_fen: number;
  points_earned: number;
  point_cost_centi_fen: number;
  redeemed_portions: string;
  stored_value_portions: string;
  coupon_codes: string;
  refund_count: number;
  local_date: string;
  created_at: Date;
}

export interface RefundCheckoutInput {
  storeId: string;
  checkoutId: string;
  staffMemberId: string;
  isManager: boolean;
  amountFen?: number;
}

/**
 * Reverses a checkout in proportion (API.md refund; the proration rule is in prorate-refund.ts).
 * The checkout row is locked first, so concurrent refunds of one checkout run one at a time and
 * each is measured against what the previous ones left.
 */
export async function refundCheckout(tx: Tx, deps: AppDeps, input: RefundCheckoutInput): Promise<RefundResponse> {
  const now = deps.clock.now();
  const checkout = await lockCheckout(tx, input.storeId, input.checkoutId);
  // A member merged away since the sale is refunded as the survivor, who now holds their points,
  // lots and pending earns (DESIGN.md, merge: nothing is lost).
  const memberId = (await resolveActiveMemberId(tx, checkout.member_id)) ?? checkout.member_id;
  const today = localDate(now, deps.config.CHAIN_TIME_ZONE);
  const { remaining, refundFen } = await refundable(tx, checkout, input, today);
  const share = prorateRefund(remaining, refundFen);
  const refundId = ulid();
  const moved = await applyRefundToLedger(tx, {
    checkoutId: checkout.id,
    refundId,
    storeId: input.storeId,
    memberId,
    share,
    at: now,
    redeemed: JSON.parse(checkout.redeemed_portions) as StoredPortion[],
    storedValue: JSON.parse(checkout.stored_value_portions) as StoredPortion[],
  });
  // Coupons come back through the coupons hook below (a full refund only, while still valid).
  const couponsRestored = false;
  const result: RefundResponse = {
    refundId,
    refundedFen: refundFen,
    cashRefundFen: share.cashFen,
    pointsReturned: share.pointsReturned,
    pointsClawedBack: moved.pointsClawedBack,
    pointsDebt: moved.pointsDebt,
    pointsPendingVoided: moved.pointsPendingVoided,
    storedValueReturnedFen: share.storedValueFen,
    couponsRestored,
  };
  await recordRefund(tx, { checkout, input, result, share, moved, now });
  // Refunds move value back outside a sale: every one is in the audit log (who, what, when).
  await recordAudit(tx, {
    actorType: 'staff',
    actorId: input.staffMemberId,
    action: checkout.local_date < today ? 'checkout.refund.earlier-day' : 'checkout.refund',
    targetType: 'checkout',
    targetId: checkout.id,
    before: { refundableFen: remaining.paidFen },
    after: result,
    at: now,
  });
  await recordSettlementLines(tx, {
    servingStoreId: input.storeId,
    causeType: 'refund',
    causeId: refundId,
    sign: -1,
    pointPortions: moved.pointsReturned,
    storedValuePortions: moved.storedValueReturned,
    pointCostCentiFen: Number(checkout.point_cost_centi_fen),
    at: now,
  });
  // The day's earn counter gives back what this refund took, so the daily cap stays about net earnings.
  await addEarnedToday(tx, memberId, checkout.local_date, -share.pointsClawedBack);
  await refreshTierAfterRefund(tx, memberId, now);
  const hooks = await runRefundHooks(tx, {
    checkoutId: checkout.id,
    refundId,
    storeId: input.storeId,
    memberId,
    refundedPaidFen: share.cashFen + share.storedValueFen,
    isFinal: share.isFinal,
    at: now,
    staffMemberId: input.staffMemberId,
    pointsMoved: result.pointsReturned + result.pointsClawedBack,
    refundedFen: refundFen,
  });
  if (hooks.couponsRestored) {
    await execute(tx, 'UPDATE checkout_refunds SET coupons_restored = ? WHERE id = ?', [true, refundId]);
    result.couponsRestored = true;
  }
  return result;
}

/** The guards, in order: an earlier day needs a manager; something must be left; no more than is left. */
async function refundable(tx: Tx, checkout: CheckoutForRefund, input: RefundCheckoutInput, today: string) {
  if (checkout.local_date < today && !input.isManager) {
    throw new AppError('MANAGER_REQUIRED', 'Only a store manager may refund a checkout from an earlier day.');
  }
  const remaining = await remainderOf(tx, checkout);
  if (remaining.paidFen === 0) throw new AppError('ALREADY_REFUNDED', 'This checkout is already fully refunded.');
  const refundFen = input.amountFen ?? remaining.paidFen;
  if (refundFen > remaining.paidFen) {
    throw new AppError('REFUND_EXCEEDS_PAID', 'The refund is more than what is left of the order.', {
      refundableFen: remaining.paidFen,
    });
  }
  return { remaining, refundFen };
}

async function lockCheckout(tx: Tx, storeId: string, checkoutId: string): Promise<CheckoutForRefund> {
  const [row] = await select<CheckoutForRefund & { store_id: string }>(
    tx,
    `SELECT * FROM checkouts WHERE id = ?${lockClause(tx)}`,
    [checkoutId],
  );
  // Another store's checkout does not exist as far as this store is concerned.
  if (!row || row.store_id !== storeId) throw new AppError('CHECKOUT_NOT_FOUND', 'No such checkout at this store.');
  return { ...row, created_at: readInstant(row.created_at) };
}

async function remainderOf(db: Tx, c: CheckoutForRefund): Promise<RefundableRemainder> {
  const [done] = await select<Record<string, number | string | null>>(
    db,
    `SELECT SUM(refunded_fen) AS fen, SUM(cash_refunded_fen) AS cash, SUM(points_returned) AS returned,
            SUM(points_clawed_back + points_debt + points_pending_voided) AS clawed, SUM(stored_value_returned_fen) AS sv,
            SUM(refunded_fen - cash_refunded_fen - stored_value_returned_fen) AS pd
       FROM checkout_refunds WHERE checkout_id = ?`,
    [c.id],
  );
  const used = (key: string) => Number(done?.[key] ?? 0);
  return {
    paidFen: Number(c.amount_fen) - Number(c.coupon_discount_fen) - used('fen'),
    pointsDiscountFen: Number(c.points_discount_fen) - used('pd'),
    storedValueFen: Number(c.stored_value_paid_fen) - used('sv'),
    cashFen: Number(c.cash_due_fen) - used('cash'),
    pointsRedeemed: Number(c.points_redeemed) - used('returned'),
    pointsEarned: Number(c.points_earned) - used('clawed'),
  };
}

async function recordRefund(
  tx: Tx,
  args: {
    checkout: CheckoutForRefund;
    input: RefundCheckoutInput;
    result: RefundResponse;
    share: ReturnType<typeof prorateRefund>;
    moved: Awaited<ReturnType<typeof applyRefundToLedger>>;
    now: Date;
  },
): Promise<void> {
  const { checkout, input, result, moved, now } = args;
  await execute(
    tx,
    `INSERT INTO checkout_refunds (id, checkout_id, store_id, staff_member_id, seq, refunded_fen, cash_refunded_fen,
       points_returned, points_clawed_back, points_debt, points_pending_voided, stored_value_returned_fen,
       coupons_restored, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      result.refundId,
      checkout.id,
      input.storeId,
      input.staffMemberId,
      Number(checkout.refund_count),
      result.refundedFen,
      result.cashRefundFen,
      result.pointsReturned,
      result.pointsClawedBack,
      result.pointsDebt,
      result.pointsPendingVoided,
      result.storedValueReturnedFen,
      result.couponsRestored,
      now,
    ],
  );
  await execute(
    tx,
    `UPDATE checkouts SET refunded_fen = refunded_fen + ?, refund_count = refund_count + 1, redeemed_portions = ?,
       stored_value_portions = ? WHERE id = ? AND refund_count = ?`,
    [
      result.refundedFen,
      JSON.stringify(moved.redeemedAfter),
      JSON.stringify(moved.storedValueAfter),
      checkout.id,
      Number(checkout.refund_count),
    ],
  );
}

async function refreshTierAfterRefund(tx: Tx, memberId: string, now: Date): Promise<void> {
  const member = await readMember(tx, memberId);
  if (member?.status !== 'active') return;
  const tierRule = await ruleInForce(tx, 'tier');
  await refreshMemberTier(tx, { memberId, currentTier: member.tier, rule: tierRule.rule, asOf: now, reason: 'refund' });
}
