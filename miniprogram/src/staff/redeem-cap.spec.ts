import { redeemCapOf } from './redeem-cap';

const rule = { pointsPerYuan: 100, maxShareOfOrder: 0.5, minPointsPerUse: null };

describe('redeemCapOf', () => {
  it('When the member holds plenty, Then the cap is the rule share of the amount', () => {
    expect(redeemCapOf(rule, 8_880, 100_000)).toBe(4_440);
  });

  it('When the member holds less, Then the cap is their points', () => {
    expect(redeemCapOf(rule, 8_880, 500)).toBe(500);
  });

  it('When 150 points buy a yuan, Then the cap is in whole units of 3 points', () => {
    // 50% of ¥10.01 = 500 fen → 250 units of 2 fen → 750 points; 100 held → 99.
    expect(redeemCapOf({ ...rule, pointsPerYuan: 150 }, 1_001, 100_000)).toBe(750);
    expect(redeemCapOf({ ...rule, pointsPerYuan: 150 }, 1_001, 100)).toBe(99);
  });

  it('When the cap is below the minimum per use, Then nothing may be used', () => {
    expect(redeemCapOf({ ...rule, minPointsPerUse: 600 }, 8_880, 500)).toBe(0);
    expect(redeemCapOf({ ...rule, minPointsPerUse: 400 }, 8_880, 500)).toBe(500);
  });

  it('When the rule allows no share of the order, Then the cap is 0', () => {
    expect(redeemCapOf({ ...rule, maxShareOfOrder: 0 }, 8_880, 500)).toBe(0);
  });
});
