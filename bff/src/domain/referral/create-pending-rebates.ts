import type { ReferralRule } from '@tongka/shared-types';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import type { CheckoutFacts } from '../checkout/checkout-hooks';
import { localDate } from '../shared/chain-time';
import { ulid } from '../shared/ulid';
import { referralTimeZone } from './chain-zone';
import { isUnderReview } from './fraud-checks';
import { takeFromMonthlyCap } from './monthly-cap';
import { pointsPerYuan, readReferralRule, rebateAmount } from './referral-rule';

interface Chain {
  l1: string | null;
  l2: string | null;
  staff_store_id: string | null;
  attributed_at: unknown;
  first_paid_at: unknown;
}

interface PlannedRebate {
  level: 1 | 2;
  beneficiaryId: string;
  asset: 'POINTS' | 'CNY' | 'COMMISSION';
  bps: number;
  isStaff: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The checkout hook (issue #12, "Rebates"): a referee's paid checkout gives its level-1 and
 * level-2 referrers pending rebates in the checkout's own transaction (two levels, the legal
 * ceiling). A member without a referrer costs this one read. Rebates confirm `windowDays` after
 * the purchase (confirm-rebates job); a referrer under fraud review gets them held.
 */
export async function createPendingRebates(tx: Tx, facts: CheckoutFacts): Promise<void> {
  if (facts.paidFen <= 0) return;
  const [chain] = await select<Chain>(
    tx,
    `SELECT m.referrer_id AS l1, r.referrer_id AS l2, a.staff_store_id, a.created_at AS attributed_at, a.first_paid_at
       FROM members m LEFT JOIN members r ON r.id = m.referrer_id
       LEFT JOIN referral_attributions a ON a.referee_id = m.id WHERE m.id = ?`,
    [facts.memberId],
  );
  if (!chain?.l1) return;
  if (chain.attributed_at && !chain.first_paid_at) {
    await execute(
      tx,
      'UPDATE referral_attributions SET first_paid_at = ? WHERE referee_id = ? AND first_paid_at IS NULL',
      [facts.at, facts.memberId],
    );
  }
  const { rule } = await readReferralRule(tx);
  const planned = planRebates(facts, chain, rule);
  if (planned.length === 0) return;
  const perYuan = planned.some((p) => p.asset === 'POINTS') ? await pointsPerYuan(tx) : 100;
  const month = localDate(facts.at, referralTimeZone()).slice(0, 7);
  // Cap rows are locked in member id order so two checkouts cannot deadlock on them.
  for (const rebate of [...planned].sort((a, b) => (a.beneficiaryId < b.beneficiaryId ? -1 : 1))) {
    const want = rebateAmount(facts.paidFen, rebate.bps, rebate.asset, perYuan);
    const cap = rebate.asset === 'COMMISSION' ? undefined : rule.monthlyCapPerReferrer;
    const amount = await takeFromMonthlyCap(tx, {
      memberId: rebate.beneficiaryId,
      month,
      asset: rebate.asset,
      want,
      cap,
    });
    if (amount > 0) await insertRebate(tx, { facts, rebate, amount, month, windowDays: rule.windowDays });
  }
}

/** Who earns what: never the buyer, never one person twice; a clerk's sign-up earns the staff reward. */
function planRebates(facts: CheckoutFacts, chain: Chain, rule: ReferralRule): PlannedRebate[] {
  const planned: PlannedRebate[] = [];
  const l1 = chain.l1 as string;
  if (l1 !== facts.memberId) {
    const staff = chain.staff_store_id && rule.staffReward ? rule.staffReward : null;
    if (staff) {
      const joined = readInstant(chain.attributed_at).getTime();
      if (facts.at.getTime() - joined <= staff.withinDays * DAY_MS) {
        const asset = staff.kind === 'POINTS' ? 'POINTS' : 'COMMISSION';
        planned.push({ level: 1, beneficiaryId: l1, asset, bps: staff.bps, isStaff: true });
      }
    } else {
      planned.push({ level: 1, beneficiaryId: l1, asset: rule.asset, bps: rule.level1Bps, isStaff: false });
    }
  }
  if (chain.l2 && chain.l2 !== facts.memberId && chain.l2 !== l1) {
    planned.push({ level: 2, beneficiaryId: chain.l2, asset: rule.asset, bps: rule.level2Bps, isStaff: false });
  }
  return planned;
}

async function insertRebate(
  tx: Tx,
  input: { facts: CheckoutFacts; rebate: PlannedRebate; amount: number; month: string; windowDays: number },
): Promise<void> {
  const { facts, rebate } = input;
  const status = (await isUnderReview(tx, rebate.beneficiaryId)) ? 'held' : 'pending';
  const confirmAt = new Date(facts.at.getTime() + input.windowDays * DAY_MS);
  await execute(
    tx,
    `INSERT INTO referral_rebates (id, checkout_id, level, beneficiary_id, referee_id, store_id, asset, is_staff, base_fen,
       bps, amount, current_amount, refunded_fen, clawed_back, debt, status, month, confirm_at, confirmed_at, created_at,
       updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, NULL, ?, ?)`,
    [
      ulid(),
      facts.checkoutId,
      rebate.level,
      rebate.beneficiaryId,
      facts.memberId,
      facts.storeId,
      rebate.asset,
      rebate.isStaff,
      facts.paidFen,
      rebate.bps,
      input.amount,
      input.amount,
      status,
      input.month,
      confirmAt,
      facts.at,
      facts.at,
    ],
  );
}
