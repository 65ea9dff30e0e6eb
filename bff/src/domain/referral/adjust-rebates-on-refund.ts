import { execute, type Tx } from '../../db/tx';
import type { RefundFacts } from '../checkout/checkout-hooks';
import { clawBackPoints, debitStoredValue, getMemberBalances } from '../ledger';
import { giveBackToMonthlyCap } from './monthly-cap';
import { type RebateRow, selectRebates } from './rebate-row';
import { forUpdate } from './sql-helpers';

/**
 * The refund hook (issue #12): a refund shrinks the checkout's rebates in proportion to what is
 * left of the paid amount, measured against the rebate first granted, so several partial refunds
 * add up exactly to a full one. Still pending (inside the window): the rebate is cut or cancelled.
 * Already confirmed: the difference is clawed back from the referrer, the shortfall of points
 * already spent becoming debt that their next earns repay (ledger clawBackPoints).
 */
export async function adjustRebatesOnRefund(tx: Tx, facts: RefundFacts): Promise<void> {
  const rebates = await selectRebates(
    tx,
    `SELECT * FROM referral_rebates WHERE checkout_id = ? ORDER BY id${forUpdate(tx)}`,
    [facts.checkoutId],
  );
  for (const rebate of rebates) {
    const refundedFen = rebate.refunded_fen + facts.refundedPaidFen;
    const left = Math.max(0, rebate.base_fen - refundedFen);
    const target = facts.isFinal || left === 0 ? 0 : Math.floor((rebate.amount * left) / rebate.base_fen);
    const delta = Math.max(0, rebate.current_amount - target);
    if (rebate.status === 'pending' || rebate.status === 'held') {
      await giveBackToMonthlyCap(tx, {
        memberId: rebate.beneficiary_id,
        month: rebate.month,
        asset: rebate.asset,
        amount: delta,
      });
      await saveRebate(tx, rebate, {
        refundedFen,
        target,
        status: target === 0 ? 'cancelled' : rebate.status,
        at: facts.at,
      });
    } else if (rebate.status === 'confirmed' || rebate.status === 'clawed_back') {
      const taken = delta > 0 ? await clawBack(tx, rebate, delta, facts) : { clawed: 0, debt: 0 };
      await saveRebate(tx, rebate, {
        refundedFen,
        target,
        status: target === 0 ? 'clawed_back' : rebate.status,
        clawed: taken.clawed + taken.debt,
        debt: taken.debt,
        at: facts.at,
      });
    } else {
      await saveRebate(tx, rebate, { refundedFen, target: rebate.current_amount, status: rebate.status, at: facts.at });
    }
  }
}

/** Takes back `amount` of a confirmed rebate: points through the ledger's clawback (debt when spent). */
async function clawBack(tx: Tx, rebate: RebateRow, amount: number, facts: RefundFacts) {
  const common = {
    memberId: rebate.beneficiary_id,
    storeId: null,
    idempotencyKey: `rebate-clawback:${rebate.id}:${facts.refundId}`,
    causeType: 'referral_rebate',
    causeId: rebate.id,
    at: facts.at,
  };
  if (rebate.asset === 'POINTS') {
    const result = await clawBackPoints(tx, { ...common, points: amount, note: 'referral rebate refunded' });
    return { clawed: result.clawedBack, debt: result.debt };
  }
  if (rebate.asset === 'COMMISSION') return { clawed: amount, debt: 0 }; // payroll record only
  // Stored value has no debt account: what the referrer still holds is taken, the rest is recorded.
  const held = (await getMemberBalances(tx, rebate.beneficiary_id)).storedValueFen;
  const fen = Math.min(held, amount);
  if (fen > 0) await debitStoredValue(tx, { ...common, fen, kind: 'ADJUST', note: 'referral rebate refunded' });
  return { clawed: fen, debt: amount - fen };
}

async function saveRebate(
  tx: Tx,
  rebate: RebateRow,
  change: { refundedFen: number; target: number; status: string; clawed?: number; debt?: number; at: Date },
): Promise<void> {
  await execute(
    tx,
    `UPDATE referral_rebates SET refunded_fen = ?, current_amount = ?, status = ?, clawed_back = clawed_back + ?,
       debt = debt + ?, updated_at = ? WHERE id = ?`,
    [change.refundedFen, change.target, change.status, change.clawed ?? 0, change.debt ?? 0, change.at, rebate.id],
  );
}
