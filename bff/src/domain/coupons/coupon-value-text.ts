import type { TemplateRow } from './coupon-template-row';

const yuan = (fen: number | string | null) => `¥${(Number(fen ?? 0) / 100).toFixed(2)}`;

/** A template's value as a shopper reads it in a message: 满¥50.00减¥10.00, 立减¥5.00, 8折, 礼品券. */
export function couponValueText(template: TemplateRow): string {
  if (template.type === 'AMOUNT_OFF') {
    return Number(template.threshold_fen) > 0
      ? `满${yuan(template.threshold_fen)}减${yuan(template.value_fen)}`
      : `立减${yuan(template.value_fen)}`;
  }
  if (template.type === 'PERCENT_OFF') return `${(100 - Number(template.percent_off)) / 10}折`;
  return '礼品券';
}
