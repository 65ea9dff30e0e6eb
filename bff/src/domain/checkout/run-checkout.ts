import type { CheckoutRequest, CheckoutResponse, Tier } from '@tongka/shared-types';
import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { loadCheckoutCoupons } from '../coupons/checkout-coupons';
import { getMemberBalances } from '../ledger';
import { takeMemberApproval } from '../member-approval/take-approval';
import { queuePointsMessage } from '../notifications/queue-points-message';
import { templateFor } from '../notifications/subscriptions';
import { type RulesAtStore, rulesAtStore } from '../rules/rule-store';
import { recordSettlementLines } from '../settlement/record-settlement-lines';
import { AppError } from '../shared/app-error';
import { localDate } from '../shared/chain-time';
import { ulid } from '../shared/ulid';
import { refreshMemberTier } from '../tiers/refresh-member-tier';
import { runCheckoutHooks } from './checkout-hooks';
import { applyCheckoutToLedger } from './checkout-ledger';
import { type CheckoutRowInput, insertCheckoutRow } from './checkout-row';
import { addEarnedToday, earnedToday } from './daily-earn';
import { loadScanForCheckout } from './load-scan';
import { type MemberRow, readMember } from './member-snapshot';
import { pendingReleaseAt } from './pending-release';
import { type CheckoutPrice, priceCheckout } from './price-checkout';
import { checkSelfSale } from './self-sale';

export interface RunCheckoutInput {
  storeId: string;
  staffMemberId: string;
  body: CheckoutRequest;
  /** The confirmation sheet: reports a missing self-sale approval instead of refusing, takes no code. */
  preview?: boolean;
}

/**
 * One in-store order in one transaction (DESIGN.md, checkout): price it, record what does not
 * depend on the ledger (home store, daily earn counter, tier), move the value on the ledger,
 * then record the checkout, its settlement lines, the notification and the hooks of other
 * capabilities. The ledger calls come as late as possible because they lock the store's hot
 * accounts until commit. Preview runs this same function in a transaction that is rolled back.
 */
export async function runCheckout(tx: Tx, deps: AppDeps, input: RunCheckoutInput): Promise<CheckoutResponse> {
  const now = deps.clock.now();
  const { storeId, body } = input;
  const scan = await loadScanForCheckout(tx, storeId, body.scanId, now);
  const member = await lockServableMember(tx, scan.member_id);
  const today = localDate(now, deps.config.CHAIN_TIME_ZONE);
  const rules = await rulesAtStore(tx, storeId);
  // Today's earnings matter only under a daily cap (the counter is kept up to date regardless).
  const earnedTodayPoints = rules.earn.rule.dailyCapPoints === undefined ? 0 : await earnedToday(tx, member.id, today);
  // Read under the member lock, before this checkout moves anything (the redeem cap's limit).
  const before = await getMemberBalances(tx, member.id);
  const coupons = await loadCheckoutCoupons(tx, body.couponCodes ?? []);
  const price = priceCheckout(body, {
    storeId,
    member,
    earnRule: rules.earn,
    redeemRule: rules.redeem,
    localDate: today,
    earnedTodayPoints,
    spendablePoints: before.points,
    at: now,
    coupons,
  });
  const checkoutId = ulid();
  const selfSale = await checkSelfSale(tx, {
    storeId,
    staffMemberId: input.staffMemberId,
    memberId: member.id,
    amountFen: body.amountFen,
    approvalCode: body.selfSaleApprovalCode,
    rule: rules.staffSale.rule,
    checkoutId,
    now,
    preview: input.preview ?? false,
  });
  const memberApproval = await takeMemberApproval(tx, {
    storeId,
    scanId: scan.id,
    memberId: member.id,
    amountFen: body.amountFen,
    points: price.pointsRedeemed,
    storedValueFen: price.storedValuePaidFen,
    approvalId: body.memberApprovalId,
    rule: rules.memberApproval.rule,
    checkoutId,
    now,
    preview: input.preview ?? false,
  });
  const paidFen = price.cashDueFen + price.storedValuePaidFen;
  const tier = await recordMemberFacts(tx, { member, storeId, today, price, paidFen, rules, now });
  const pendingDays = rules.earn.rule.pendingDays ?? 0;
  const releaseAt = pendingReleaseAt(now, pendingDays, deps.config.CHAIN_TIME_ZONE);
  const ledgerInput = { checkoutId, storeId, memberId: member.id, price, at: now, releaseAt };
  const moved = await applyCheckoutToLedger(tx, ledgerInput);
  const memberHomeStoreId = member.home_store_id ?? storeId;
  await recordCheckout(tx, {
    checkoutId,
    input,
    memberId: member.id,
    memberHomeStoreId,
    price,
    moved,
    rules,
    today,
    now,
    selfSale,
  });
  const balances = await getMemberBalances(tx, member.id);
  const templateId = templateFor(deps.config, 'points-changed');
  await notifyMember(tx, { checkoutId, storeId, memberId: member.id, price, points: balances.points, now, templateId });
  const facts = {
    checkoutId,
    storeId,
    memberId: member.id,
    paidFen,
    pointsEarned: price.earn.finalPoints,
    coupons: price.coupons,
    at: now,
    amountFen: body.amountFen,
    localDate: today,
    memberHomeStoreId,
  };
  await runCheckoutHooks(tx, facts);
  return {
    checkoutId,
    orderRef: body.orderRef,
    amountFen: body.amountFen,
    couponDiscountFen: price.couponDiscountFen,
    pointsRedeemed: price.pointsRedeemed,
    pointsDiscountFen: price.pointsDiscountFen,
    maxRedeemPoints: price.maxRedeemPoints,
    storedValuePaidFen: price.storedValuePaidFen,
    cashDueFen: price.cashDueFen,
    pointsEarned: price.earn.finalPoints,
    earnBreakdown: price.earn,
    ruleVersion: {
      earnRuleId: rules.earn.ruleId,
      earnRuleVersion: rules.earn.version,
      earnRuleScope: rules.earn.scope,
      redeemRuleId: rules.redeem.ruleId,
      redeemRuleVersion: rules.redeem.version,
    },
    member: { points: balances.points, storedValueFen: balances.storedValueFen, tier },
    selfSale: {
      selfSale: selfSale.selfSale,
      approvalRequired: selfSale.approvalRequired,
      approved: selfSale.approved,
      approvalAboveFen: selfSale.approvalAboveFen,
    },
    memberApproval,
  };
}

/** What the checkout changes on the member before the ledger moves: home store, today's earnings, tier. */
async function recordMemberFacts(
  tx: Tx,
  input: {
    member: MemberRow;
    storeId: string;
    today: string;
    price: CheckoutPrice;
    paidFen: number;
    rules: RulesAtStore;
    now: Date;
  },
): Promise<Tier> {
  const { member } = input;
  if (!member.home_store_id) {
    // DESIGN.md: a member's home store is where they first bought (the member row is locked).
    await execute(tx, 'UPDATE members SET home_store_id = ? WHERE id = ? AND home_store_id IS NULL', [
      input.storeId,
      member.id,
    ]);
  }
  await addEarnedToday(tx, member.id, input.today, input.price.earn.finalPoints);
  return refreshMemberTier(tx, {
    memberId: member.id,
    currentTier: member.tier,
    rule: input.rules.tier.rule,
    asOf: input.now,
    reason: 'checkout',
    unrecordedPaidFen: input.paidFen,
  });
}

/** The checkout row (rule versions, consumed lots) and its settlement lines. */
async function recordCheckout(
  tx: Tx,
  input: Omit<CheckoutRowInput, 'earnRule' | 'redeemRule' | 'pointCostCentiFen'> & { rules: RulesAtStore },
): Promise<void> {
  const { rules, ...row } = input;
  const pointCostCentiFen = Math.round(rules.settlement.rule.pointCostFen * 100);
  await insertCheckoutRow(tx, { ...row, earnRule: rules.earn, redeemRule: rules.redeem, pointCostCentiFen }).catch(
    (error) => {
      // orderRef is unique per store (uq_checkouts_store_order_ref); the whole checkout rolls back.
      throw isUniqueViolation(error) ? orderRefExists(row.input.body.orderRef) : error;
    },
  );
  await recordSettlementLines(tx, {
    servingStoreId: row.input.storeId,
    causeType: 'checkout',
    causeId: row.checkoutId,
    sign: 1,
    pointPortions: row.moved.redeemedPortions,
    storedValuePortions: row.moved.storedValuePortions,
    pointCostCentiFen,
    at: row.now,
  });
}

const orderRefExists = (orderRef: string) =>
  new AppError('ORDER_REF_EXISTS', 'This order reference was already checked out at this store.', { orderRef });

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
    price: CheckoutPrice;
    points: number;
    now: Date;
    templateId: string | null;
  },
): Promise<void> {
  await queuePointsMessage(tx, {
    checkoutId: input.checkoutId,
    templateId: input.templateId,
    now: input.now,
    storeName: async () => {
      const [store] = await select<{ name: string }>(tx, 'SELECT name FROM stores WHERE id = ?', [input.storeId]);
      return store?.name ?? '';
    },
    message: {
      memberId: input.memberId,
      pointsEarned: input.price.earn.finalPoints,
      pointsRedeemed: input.price.pointsRedeemed,
      pointsBalance: input.points,
      at: input.now.toISOString(),
    },
  });
}
