import type { EarnRule, RedeemRule, RuleResponse } from '@tongka/shared-types';
import { execute, type Tx } from '../../db/tx';
import type { CheckoutLedgerResult } from './checkout-ledger';
import type { CheckoutPrice } from './price-checkout';
import type { RunCheckoutInput } from './run-checkout';

export interface CheckoutRowInput {
  checkoutId: string;
  input: RunCheckoutInput;
  memberId: string;
  /** The member's home store once this sale is counted (a first purchase makes it this store). */
  memberHomeStoreId: string;
  price: CheckoutPrice;
  moved: CheckoutLedgerResult;
  earnRule: RuleResponse<EarnRule>;
  redeemRule: RuleResponse<RedeemRule>;
  pointCostCentiFen: number;
  today: string;
  now: Date;
  /** A staff member's sale to their own card (flagged for the risk report) and who approved it. */
  selfSale: { selfSale: boolean; approvedBy: string | null };
}

/** Records the checkout with everything a refund and the reports need (rule versions, consumed lots). */
export async function insertCheckoutRow(tx: Tx, row: CheckoutRowInput): Promise<void> {
  const { input, price } = row;
  await execute(
    tx,
    `INSERT INTO checkouts (id, store_id, member_id, scan_id, staff_member_id, order_ref, amount_fen, coupon_discount_fen,
       points_redeemed, points_discount_fen, stored_value_paid_fen, cash_due_fen, points_earned, earn_rule_id,
       redeem_rule_id, point_cost_centi_fen, earn_breakdown, redeemed_portions, stored_value_portions, coupon_codes,
       refunded_fen, refund_count, local_date, created_at, member_home_store_id, self_sale, self_sale_approved_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)`,
    [
      row.checkoutId,
      input.storeId,
      row.memberId,
      input.body.scanId,
      input.staffMemberId,
      input.body.orderRef,
      input.body.amountFen,
      price.couponDiscountFen,
      price.pointsRedeemed,
      price.pointsDiscountFen,
      price.storedValuePaidFen,
      price.cashDueFen,
      price.earn.finalPoints,
      row.earnRule.ruleId,
      row.redeemRule.ruleId,
      row.pointCostCentiFen,
      JSON.stringify(price.earn),
      JSON.stringify(row.moved.redeemedPortions),
      JSON.stringify(row.moved.storedValuePortions),
      JSON.stringify(input.body.couponCodes ?? []),
      row.today,
      row.now,
      row.memberHomeStoreId,
      row.selfSale.selfSale,
      row.selfSale.approvedBy,
    ],
  );
}
