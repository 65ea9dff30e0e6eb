import { mulDivFloor, splitLargestRemainder } from './largest-remainder';

/** What is left to refund of a checkout (its totals minus every earlier refund). */
export interface RefundableRemainder {
  paidFen: number; // amount less coupon discount, still unrefunded
  pointsDiscountFen: number;
  storedValueFen: number;
  cashFen: number;
  pointsRedeemed: number;
  pointsEarned: number;
}

export interface RefundShare {
  refundedFen: number;
  pointsDiscountFen: number;
  storedValueFen: number;
  cashFen: number;
  pointsReturned: number;
  pointsClawedBack: number;
  isFinal: boolean;
}

/**
 * Proration rule for refunds (API.md: partial refunds must add up exactly to a full one).
 * Each refund is measured against what REMAINS of the checkout, never against the original:
 * - the refunded fen are split over the remaining points discount, stored value and cash by
 *   largest remainder (ties to that order), so the three always add up to the refund exactly;
 * - returned points and clawed-back points are floor(remaining × refund / remaining paid),
 *   in the member's favour;
 * - a refund of everything that remains (isFinal) takes exactly the remainders.
 * Hence any sequence of partial refunds ends with exactly the totals of one full refund.
 */
export function prorateRefund(remaining: RefundableRemainder, refundFen: number): RefundShare {
  if (refundFen <= 0 || refundFen > remaining.paidFen) throw new RangeError('refund out of range');
  const isFinal = refundFen === remaining.paidFen;
  const [pointsDiscountFen, storedValueFen, cashFen] = splitLargestRemainder(refundFen, [
    remaining.pointsDiscountFen,
    remaining.storedValueFen,
    remaining.cashFen,
  ]);
  const share = (total: number) => (isFinal ? total : mulDivFloor(total, refundFen, remaining.paidFen));
  return {
    refundedFen: refundFen,
    pointsDiscountFen,
    storedValueFen,
    cashFen,
    pointsReturned: share(remaining.pointsRedeemed),
    pointsClawedBack: share(remaining.pointsEarned),
    isFinal,
  };
}

/** Subtracts a refund's share from the remainder (what the next refund is measured against). */
export function afterRefund(remaining: RefundableRemainder, share: RefundShare): RefundableRemainder {
  return {
    paidFen: remaining.paidFen - share.refundedFen,
    pointsDiscountFen: remaining.pointsDiscountFen - share.pointsDiscountFen,
    storedValueFen: remaining.storedValueFen - share.storedValueFen,
    cashFen: remaining.cashFen - share.cashFen,
    pointsRedeemed: remaining.pointsRedeemed - share.pointsReturned,
    pointsEarned: remaining.pointsEarned - share.pointsClawedBack,
  };
}
