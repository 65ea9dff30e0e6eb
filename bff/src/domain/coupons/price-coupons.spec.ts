import type { MemberCouponRow } from './member-coupon-row';
import { priceCoupons } from './price-coupons';

const at = new Date('2026-11-23T04:00:00Z');
const order = { memberId: 'm1', storeId: 'S1', amountFen: 10_000, at };
let seq = 0;
const coupon = (patch: Partial<MemberCouponRow> = {}): MemberCouponRow => ({
  id: `c${++seq}`,
  code: `9${String(seq).padStart(15, '0')}`,
  template_id: 't1',
  member_id: 'm1',
  status: 'available',
  valid_from: new Date('2026-11-01T00:00:00Z'),
  valid_until: new Date('2026-11-30T00:00:00Z'),
  used_at: null,
  used_store_id: null,
  name: 'c',
  type: 'AMOUNT_OFF',
  threshold_fen: 0,
  value_fen: 1_000,
  percent_off: null,
  max_discount_fen: null,
  store_ids: null,
  stackable: 0,
  funded_by: 'HQ',
  giftable: 1,
  gifted_by: null,
  ...patch,
});
const price = (rows: MemberCouponRow[], amountFen = 10_000) =>
  priceCoupons(
    rows.map((r) => r.code),
    rows,
    { ...order, amountFen },
  );
const ruleOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return (error as { details?: { rule?: string } }).details?.rule;
  }
  return 'none';
};

describe('priceCoupons', () => {
  test('When no coupon is named, Then no discount', () => {
    expect(priceCoupons([], [], order)).toEqual({ couponDiscountFen: 0, lines: [] });
  });

  test('When a percent-off has no cap, Then it floors; with a cap, Then the cap', () => {
    expect(price([coupon({ type: 'PERCENT_OFF', value_fen: null, percent_off: 15 })], 3_333).couponDiscountFen).toBe(
      499,
    );
    expect(
      price([coupon({ type: 'PERCENT_OFF', value_fen: null, percent_off: 50, max_discount_fen: 2_000 })])
        .couponDiscountFen,
    ).toBe(2_000);
  });

  test('When an amount-off is worth more than the order, Then the discount is the order amount', () => {
    expect(price([coupon({ value_fen: 5_000 })], 3_000)).toMatchObject({ couponDiscountFen: 3_000 });
  });

  test('When stackable coupons meet, Then amount-off first, then percent on the rest; each line says its funder', () => {
    const result = price([
      coupon({ type: 'PERCENT_OFF', value_fen: null, percent_off: 10, stackable: 1, funded_by: 'S2' }),
      coupon({ stackable: 1 }),
    ]);
    expect(result.couponDiscountFen).toBe(1_900);
    expect(result.lines.map((l) => [l.discountFen, l.fundedBy])).toEqual([
      [1_000, 'HQ'],
      [900, 'S2'],
    ]);
  });

  test('When the threshold equals the amount, Then usable; one fen short, Then THRESHOLD', () => {
    expect(price([coupon({ threshold_fen: 10_000 })]).couponDiscountFen).toBe(1_000);
    expect(ruleOf(() => price([coupon({ threshold_fen: 10_001 })]))).toBe('THRESHOLD');
  });

  test.each([
    ['used', { status: 'used' as const }, 'USED'],
    ['marked expired', { status: 'expired' as const }, 'EXPIRED'],
    ['past its end by 1 ms', { valid_until: new Date(at.getTime() - 1) }, 'EXPIRED'],
    ['not started', { valid_from: new Date(at.getTime() + 1) }, 'NOT_YET_VALID'],
    ['for another store', { store_ids: '["S2"]' }, 'STORE_SCOPE'],
    ['another member’s', { member_id: 'm2' }, 'NOT_YOURS'],
    ['a gift', { type: 'GIFT' as const }, 'TYPE'],
  ])('When the coupon is %s, Then %s', (_name, patch, rule) => {
    expect(ruleOf(() => price([coupon(patch)]))).toBe(rule);
  });

  test('When the coupon ends exactly now, Then it is still usable', () => {
    expect(price([coupon({ valid_until: at })]).couponDiscountFen).toBe(1_000);
  });

  test('When one of two coupons is not stackable, or a code repeats, Then STACKING / DUPLICATE', () => {
    expect(ruleOf(() => price([coupon({ stackable: 1 }), coupon()]))).toBe('STACKING');
    const one = coupon({ stackable: 1 });
    expect(ruleOf(() => priceCoupons([one.code, one.code], [one], order))).toBe('DUPLICATE');
    expect(ruleOf(() => priceCoupons(['nope'], [], order))).toBe('NOT_FOUND');
  });
});
