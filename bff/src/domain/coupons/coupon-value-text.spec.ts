import type { TemplateRow } from './coupon-template-row';
import { couponValueText } from './coupon-value-text';

const template = (patch: Partial<TemplateRow>) =>
  ({ type: 'AMOUNT_OFF', threshold_fen: 0, value_fen: null, percent_off: null, ...patch }) as TemplateRow;

describe('couponValueText', () => {
  it('When a template is amount-off, percent-off or a gift, Then it reads as a shopper says it', () => {
    expect(couponValueText(template({ threshold_fen: '5000', value_fen: '1000' }))).toBe('满¥50.00减¥10.00');
    expect(couponValueText(template({ value_fen: 500 }))).toBe('立减¥5.00');
    expect(couponValueText(template({ type: 'PERCENT_OFF', percent_off: 20 }))).toBe('8折');
    expect(couponValueText(template({ type: 'PERCENT_OFF', percent_off: 15 }))).toBe('8.5折');
    expect(couponValueText(template({ type: 'GIFT', value_fen: 1500 }))).toBe('礼品券');
  });
});
