import type { CheckoutRequest } from '@tongka/shared-types';
import { isoWeekdayOf, type PriceContext, priceCheckout } from './price-checkout';

const member = {
  id: 'm1',
  status: 'active' as const,
  earn_blocked: 0,
  spend_blocked: 0,
  block_reason: null,
  home_store_id: null,
  tier: 'basic' as const,
};
const context = (earnRule: Record<string, unknown> = {}, memberPatch: Record<string, unknown> = {}): PriceContext => ({
  storeId: 'S1',
  member: { ...member, ...memberPatch },
  earnRule: {
    ruleId: null,
    version: 0,
    scope: 'DEFAULT',
    inherited: true,
    rule: { pointsPerYuan: 1, minOrderFen: 0, ...earnRule },
  },
  redeemRule: {
    ruleId: null,
    version: 0,
    scope: 'DEFAULT',
    inherited: true,
    rule: { pointsPerYuan: 100, maxShareOfOrder: 0.5 },
  },
  localDate: '2026-11-23',
  earnedTodayPoints: 0,
  spendablePoints: 1_000_000,
  at: new Date('2026-11-23T04:00:00Z'),
});
const body = (patch: Partial<CheckoutRequest> = {}): CheckoutRequest => ({
  scanId: 's',
  orderRef: 'o',
  amountFen: 10_000,
  ...patch,
});

describe('priceCheckout', () => {
  test('When points and stored value pay part, Then cash is the rest and only cash earns by default', () => {
    const price = priceCheckout(body({ redeemPoints: 1_000, storedValueFen: 3_000 }), context());
    expect(price).toMatchObject({ pointsDiscountFen: 1_000, storedValuePaidFen: 3_000, cashDueFen: 6_000 });
    expect(price.earn.finalPoints).toBe(60);
  });

  test('When the rule lets stored value earn, Then stored value is in the earn base', () => {
    expect(priceCheckout(body({ storedValueFen: 3_000 }), context({ storedValueEarns: true })).earn.finalPoints).toBe(
      100,
    );
  });

  test('When a spend-blocked member spends, Then MEMBER_BLOCKED; paying cash is fine', () => {
    expect(() => priceCheckout(body({ redeemPoints: 100 }), context({}, { spend_blocked: 1 }))).toThrow(
      expect.objectContaining({ code: 'MEMBER_BLOCKED' }),
    );
    expect(priceCheckout(body(), context({}, { spend_blocked: 1 })).cashDueFen).toBe(10_000);
  });

  test('When a coupon code names no loaded coupon, Then COUPON_NOT_USABLE', () => {
    expect(() => priceCheckout(body({ couponCodes: ['X'] }), context())).toThrow(
      expect.objectContaining({ code: 'COUPON_NOT_USABLE' }),
    );
  });

  test('When the member holds plenty, Then the redeem cap is the rule share of the order', () => {
    expect(priceCheckout(body(), context()).maxRedeemPoints).toBe(5_000);
  });

  test('When the member holds less than the rule allows, Then the cap is what they hold, in whole units', () => {
    expect(priceCheckout(body(), { ...context(), spendablePoints: 1_234 }).maxRedeemPoints).toBe(1_234);
    const odd = { ...context(), spendablePoints: 1_234 };
    odd.redeemRule = { ...odd.redeemRule, rule: { pointsPerYuan: 150, maxShareOfOrder: 0.5 } };
    // 150 points per yuan: units of 3 points, so 1 234 held buys at most 1 233.
    expect(priceCheckout(body(), odd).maxRedeemPoints).toBe(1_233);
  });

  test('When the member is spend-blocked or below the minimum per use, Then the cap is 0', () => {
    expect(priceCheckout(body(), context({}, { spend_blocked: 1 })).maxRedeemPoints).toBe(0);
    const minimum = { ...context(), spendablePoints: 400 };
    minimum.redeemRule = {
      ...minimum.redeemRule,
      rule: { pointsPerYuan: 100, maxShareOfOrder: 0.5, minPointsPerUse: 500 },
    };
    expect(priceCheckout(body(), minimum).maxRedeemPoints).toBe(0);
    expect(priceCheckout(body(), { ...minimum, spendablePoints: 600 }).maxRedeemPoints).toBe(600);
  });

  test.each([
    ['2026-11-23', 1],
    ['2026-11-28', 6],
    ['2026-11-29', 7],
  ])('When the local date is %s, Then ISO weekday %i', (date, weekday) => {
    expect(isoWeekdayOf(date)).toBe(weekday);
  });
});
