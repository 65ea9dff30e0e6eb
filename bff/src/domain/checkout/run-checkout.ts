import type { CheckoutRequest, CheckoutResponse } from '@tongka/shared-types';
import { ulid } from 'ulid';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { getMemberBalances } from '../ledger';
import { queuePointsMessage } from '../notifications/queue-points-message';
import { ruleInForce } from '../rules/rule-store';
import { recordSettlementLines } from '../settlement/record-settlement-lines';
import { AppError } from '../shared/app-error';
import { localDate } from '../shared/chain-time';
import { refreshMemberTier } from '../tiers/refresh-member-tier';
import { runCheckoutHooks } from './checkout-hooks';
import { applyCheckoutToLedger } from './checkout-ledger';
import { insertCheckoutRow } from './checkout-row';
import { addEarnedToday, earnedToday } from './daily-earn';
import { loadScanForCheckout } from './load-scan';
import { type MemberRow, readMember } from './member-snapshot';
import { priceCheckout } from './price-checkout';

export interface RunCheckoutInput {
  storeId: string;
  staffMemberId: string;
  body: CheckoutRequest;
}

/**
 * One in-store order in one transaction (DESIGN.md, checkout): price it, move the value on the
 * ledger, record the checkout, its settlement lines, the member's home store and tier, the
 * notification, and the hooks of other capabilities. Preview runs this same function in a
 * transaction that is rolled back.
 */
export async function runCheckout(tx: Tx, deps: AppDeps, input: RunCheckoutInput): Promise<CheckoutResponse> {
  const now = deps.clock.now();
  const { storeId, body } = input;
  const scan = await loadScanForCheckout(tx, storeId, body.scanId, now);
  await assertOrderRefFree(tx, storeId, body.orderRef);
  const member = await lockServableMember(tx, scan.member_id);
  const today = localDate(now, deps.config.CHAIN_TIME_ZONE);
  const earnRule = await ruleInForce(tx, 'earn', storeId);
  const redeemRule = await ruleInForce(tx, 'redeem');
  const settlementRule = await ruleInForce(tx, 'settlement');
  const earnedTodayPoints = await earnedToday(tx, member.id, today);
  const price = priceCheckout(body, { storeId, member, earnRule, redeemRule, localDate: today, earnedTodayPoints });
  const checkoutId = ulid();
  const moved = await applyCheckoutToLedger(tx, { checkoutId, storeId, memberId: member.id, price, at: now });
  const pointCostCentiFen = Math.round(settlementRule.rule.pointCostFen * 100);
  await insertCheckoutRow(tx, {
    checkoutId,
    input,
    memberId: member.id,
    price,
    moved,
    earnRule,
    redeemRule,
    pointCostCentiFen,
    today,
    now,
  }).catch((error) => {
    if (isUniqueViolation(error)) throw orderRefExists(body.orderRef);
    throw error;
  });
  await addEarnedToday(tx, member.id, today, price.earn.finalPoints);
  await recordSettlementLines(tx, {
    servingStoreId: storeId,
    causeType: 'checkout',
    causeId: checkoutId,
    sign: 1,
    pointPortions: moved.redeemedPortions,
    storedValuePortions: moved.storedValuePortions,
    pointCostCentiFen,
    at: now,
  });
  // DESIGN.md: a member's home store is where they first bought.
  await execute(tx, 'UPDATE members SET home_store_id = ? WHERE id = ? AND home_store_id IS NULL', [
    storeId,
    member.id,
  ]);
  const tierRule = await ruleInForce(tx, 'tier');
  const tier = await refreshMemberTier(tx, {
    memberId: member.id,
    currentTier: member.tier,
    rule: tierRule.rule,
    asOf: now,
    reason: 'checkout',
  });
  const balances = await getMemberBalances(tx, member.id);
  await notifyMember(tx, { checkoutId, storeId, memberId: member.id, price, points: balances.points, now });
  const paidFen = price.cashDueFen + price.storedValuePaidFen;
  await runCheckoutHooks(tx, {
    checkoutId,
    storeId,
    memberId: member.id,
    paidFen,
    pointsEarned: price.earn.finalPoints,
    at: now,
  });
  return {
    checkoutId,
    orderRef: body.orderRef,
    amountFen: body.amountFen,
    couponDiscountFen: price.couponDiscountFen,
    pointsRedeemed: price.pointsRedeemed,
    pointsDiscountFen: price.pointsDiscountFen,
    storedValuePaidFen: price.storedValuePaidFen,
    cashDueFen: price.cashDueFen,
    pointsEarned: price.earn.finalPoints,
    earnBreakdown: price.earn,
    ruleVersion: {
      earnRuleId: earnRule.ruleId,
      earnRuleVersion: earnRule.version,
      earnRuleScope: earnRule.scope,
      redeemRuleId: redeemRule.ruleId,
      redeemRuleVersion: redeemRule.version,
    },
    member: { points: balances.points, storedValueFen: balances.storedValueFen, tier },
  };
}

const orderRefExists = (orderRef: string) =>
  new AppError('ORDER_REF_EXISTS', 'This order reference was already checked out at this store.', { orderRef });

async function assertOrderRefFree(db: Tx, storeId: string, orderRef: string): Promise<void> {
  const rows = await select(db, 'SELECT id FROM checkouts WHERE store_id = ? AND order_ref = ?', [storeId, orderRef]);
  if (rows.length > 0) throw orderRefExists(orderRef);
}

/**
 * Locks the member row for the checkout: one member's checkouts run one after another (daily
 * cap, tier), while the ledger's conditional debits stay the arbiter of "enough".
 */
async function lockServableMember(tx: Tx, memberId: string): Promise<MemberRow> {
  const member = await readMember(tx, memberId, true);
  if (!member || member.status === 'deleted') throw new AppError('MEMBER_NOT_FOUND', 'This member no longer exists.');
  if (member.status === 'merged') {
    throw new AppError('MEMBER_MERGED', 'This card was merged into another; scan the member code again.');
  }
  return member;
}

async function notifyMember(
  tx: Tx,
  input: {
    checkoutId: string;
    storeId: string;
    memberId: string;
    price: { pointsRedeemed: number; earn: { finalPoints: number } };
    points: number;
    now: Date;
  },
): Promise<void> {
  const [store] = await select<{ name: string }>(tx, 'SELECT name FROM stores WHERE id = ?', [input.storeId]);
  await queuePointsMessage(tx, {
    checkoutId: input.checkoutId,
    now: input.now,
    message: {
      memberId: input.memberId,
      storeName: store?.name ?? '',
      pointsEarned: input.price.earn.finalPoints,
      pointsRedeemed: input.price.pointsRedeemed,
      pointsBalance: input.points,
      at: input.now.toISOString(),
    },
  });
}
