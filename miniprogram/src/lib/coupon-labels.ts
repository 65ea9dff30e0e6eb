import { formatFen } from './money';
import { shanghaiDate } from './time';

/** The terms of a coupon as a Chinese shopper reads them. */
export interface CouponTerms {
  name: string;
  type: 'AMOUNT_OFF' | 'PERCENT_OFF' | 'GIFT';
  thresholdFen: number;
  valueFen?: number;
  percentOff?: number;
  maxDiscountFen?: number;
  validUntil?: string;
}

/** 20 % off is 8折; 15 % off is 8.5折. */
export function discountLabel(percentOff: number): string {
  return `${(100 - percentOff) / 10}折`;
}

export function couponValueText(coupon: CouponTerms): string {
  if (coupon.type === 'AMOUNT_OFF') return `减 ${formatFen(coupon.valueFen ?? 0)}`;
  if (coupon.type === 'PERCENT_OFF') {
    const cap = coupon.maxDiscountFen ? `，最多减 ${formatFen(coupon.maxDiscountFen)}` : '';
    return `${discountLabel(coupon.percentOff ?? 0)}${cap}`;
  }
  return `赠品（价值 ${formatFen(coupon.valueFen ?? 0)}）`;
}

export function couponThresholdText(coupon: CouponTerms): string {
  return coupon.thresholdFen > 0 ? `满 ${formatFen(coupon.thresholdFen)} 可用` : '无门槛';
}

export function couponValidityText(coupon: { validUntil: string }): string {
  return `有效期至 ${shanghaiDate(coupon.validUntil)}`;
}

/** Why the BFF refused a coupon (COUPON_NOT_USABLE details.rule), for the cashier. */
const RULE_SENTENCES = new Map<string, string>(
  Object.entries({
    NOT_FOUND: '没有这张优惠券',
    NOT_YOURS: '这张优惠券不属于该会员',
    USED: '这张优惠券已经用过了',
    EXPIRED: '这张优惠券已过期',
    NOT_YET_VALID: '这张优惠券还未到可用时间',
    STORE_SCOPE: '这张优惠券不能在本店使用',
    THRESHOLD: '订单金额未达到使用门槛',
    STACKING: '这张优惠券不能与其他优惠券同时使用',
    TYPE: '赠品券请在“核销”页单独核销',
    DUPLICATE: '同一张优惠券选了两次',
  }),
);

export function couponRuleSentence(rule: unknown): string | null {
  return typeof rule === 'string' ? (RULE_SENTENCES.get(rule) ?? null) : null;
}

/** A reward pickup code starts with 8; a coupon code with 9 (the BFF makes them so). */
export function isPickupCodeText(code: string): boolean {
  return code.startsWith('8');
}
