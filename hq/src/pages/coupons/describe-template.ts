import type { CouponTemplate } from '@tongka/shared-types';
import { dateTime, yuan } from '../../format';

export const COUPON_TYPE_NAMES: Record<CouponTemplate['type'], string> = {
  AMOUNT_OFF: '满减券',
  PERCENT_OFF: '折扣券',
  GIFT: '赠品券',
};

export const TEMPLATE_STATUS: Record<CouponTemplate['status'], { label: string; color: string }> = {
  active: { label: '发放中', color: 'green' },
  paused: { label: '已暂停', color: 'orange' },
  ended: { label: '已结束', color: 'default' },
};

type Terms = Pick<CouponTemplate, 'type' | 'thresholdFen' | 'valueFen' | 'percentOff' | 'maxDiscountFen'>;

/** What the coupon takes off, as the operator reads it: 满 ¥100.00 减 ¥20.00, 8折, 赠品. */
export function describeValue(terms: Terms): string {
  const threshold = terms.thresholdFen > 0 ? `满 ${yuan(terms.thresholdFen)} ` : '无门槛 ';
  if (terms.type === 'AMOUNT_OFF') return `${threshold}减 ${yuan(terms.valueFen)}`;
  if (terms.type === 'GIFT') return `${threshold}赠品（价值 ${yuan(terms.valueFen)}）`;
  // percentOff is the share taken off: 20 % off is 8折.
  const fold = (100 - (terms.percentOff ?? 0)) / 10;
  const cap = terms.maxDiscountFen ? `，最多减 ${yuan(terms.maxDiscountFen)}` : '';
  return `${threshold}${fold}折${cap}`;
}

/** Fixed dates or a number of days after the member receives it. */
export function describeValidity(template: Pick<CouponTemplate, 'validFrom' | 'validUntil' | 'validDays'>): string {
  if (template.validDays) return `领取后 ${template.validDays} 天内有效`;
  const from = template.validFrom ? dateTime(template.validFrom) : '领取起';
  return `${from} 至 ${dateTime(template.validUntil)}`;
}
