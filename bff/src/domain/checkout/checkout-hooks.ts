import type { Tx } from '../../db/tx';

export interface CheckoutFacts {
  checkoutId: string;
  storeId: string;
  memberId: string;
  /** Money the member paid (cash + stored value): the base for referral rebates. */
  paidFen: number;
  pointsEarned: number;
  /** The coupons the order used, each with its part of the discount and its funder. */
  coupons: ReadonlyArray<{ couponId: string; code: string; discountFen: number; fundedBy: string }>;
  at: Date;
  /** The order amount, the chain-time day and the member's home store once this sale counts (reports). */
  amountFen?: number;
  localDate?: string;
  memberHomeStoreId?: string;
}

export interface RefundFacts {
  checkoutId: string;
  refundId: string;
  storeId: string;
  memberId: string;
  refundedPaidFen: number;
  isFinal: boolean;
  at: Date;
  /** The staff member who ran the refund, and the points it moved (returned + clawed back). */
  staffMemberId?: string;
  pointsMoved?: number;
  /** The part of the order amount this refund gave back. */
  refundedFen?: number;
}

export interface RefundHookOutcome {
  couponsRestored?: boolean;
}

export interface CheckoutHook {
  name: string;
  /** Runs inside the checkout's transaction: throw to abort the whole checkout. */
  afterCheckout?(tx: Tx, facts: CheckoutFacts): Promise<void>;
  /**
   * Runs inside the refund's transaction (e.g. cancel or claw back pending referral rebates); may
   * report that it gave coupons back (the refund's `couponsRestored`).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that reports nothing returns Promise<void>
  afterRefund?(tx: Tx, facts: RefundFacts): Promise<void | RefundHookOutcome>;
}

/**
 * Extension point for other capabilities that react to a checkout in the same transaction
 * (the Referral issue registers its rebates here) without the checkout importing them.
 */
export const checkoutHooks: CheckoutHook[] = [];

export function registerCheckoutHook(hook: CheckoutHook): void {
  if (!checkoutHooks.some((existing) => existing.name === hook.name)) checkoutHooks.push(hook);
}

export async function runCheckoutHooks(tx: Tx, facts: CheckoutFacts): Promise<void> {
  for (const hook of checkoutHooks) await hook.afterCheckout?.(tx, facts);
}

export async function runRefundHooks(tx: Tx, facts: RefundFacts): Promise<Required<RefundHookOutcome>> {
  let couponsRestored = false;
  for (const hook of checkoutHooks) {
    const outcome = await hook.afterRefund?.(tx, facts);
    if (outcome?.couponsRestored) couponsRestored = true;
  }
  return { couponsRestored };
}
