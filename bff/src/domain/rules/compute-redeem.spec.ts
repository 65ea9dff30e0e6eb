import { computeRedeem } from './compute-redeem';

const defaults = { pointsPerYuan: 100, maxShareOfOrder: 0.5 };

describe('computeRedeem', () => {
  test.each([
    ['When nothing is redeemed, Then no discount', defaults, 10_000, 0, 0],
    ['When 100 points per yuan, Then 1 point = 1 fen', defaults, 10_000, 3_000, 3_000],
    ['When exactly the max share, Then allowed', defaults, 10_000, 5_000, 5_000],
    ['When 10 points per yuan, Then 1 point = 10 fen', { pointsPerYuan: 10, maxShareOfOrder: 1 }, 10_000, 7, 70],
    ['When 150 points per yuan, Then 3 points = 2 fen', { pointsPerYuan: 150, maxShareOfOrder: 1 }, 10_000, 300, 200],
  ])('%s', (_name, rule, payable, points, discount) => {
    expect(computeRedeem(rule, payable, points).pointsDiscountFen).toBe(discount);
  });

  test.each([
    ['When above the max share, Then REDEEM_LIMIT_EXCEEDED', defaults, 10_000, 5_001],
    ['When not a whole unit, Then REDEEM_LIMIT_EXCEEDED', { pointsPerYuan: 150, maxShareOfOrder: 1 }, 10_000, 301],
    ['When below the minimum per use, Then REDEEM_LIMIT_EXCEEDED', { ...defaults, minPointsPerUse: 500 }, 10_000, 400],
    ['When the share is 0, Then no points at all', { ...defaults, maxShareOfOrder: 0 }, 10_000, 1],
  ])('%s', (_name, rule, payable, points) => {
    expect(() => computeRedeem(rule, payable, points)).toThrow(
      expect.objectContaining({ code: 'REDEEM_LIMIT_EXCEEDED' }),
    );
  });

  test('When the max share is not a whole unit, Then the max is floored to whole units', () => {
    expect(computeRedeem({ pointsPerYuan: 150, maxShareOfOrder: 0.5 }, 1_001, 0).maxPoints).toBe(750);
  });
});
