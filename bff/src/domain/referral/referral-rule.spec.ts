import { rebateAmount } from './referral-rule';

describe('rebateAmount', () => {
  test('When ¥100.00 is paid at 500 bps, Then the rebate is 500 fen, or 500 points at 100 points per yuan', () => {
    expect(rebateAmount(10_000, 500, 'CNY', 100)).toBe(500);
    expect(rebateAmount(10_000, 500, 'POINTS', 100)).toBe(500);
  });
  test('When the amounts do not divide, Then fen and points are both floored', () => {
    expect(rebateAmount(999, 500, 'CNY', 100)).toBe(49); // 49.95 fen
    expect(rebateAmount(999, 500, 'POINTS', 10)).toBe(4); // 49 fen at 10 points per yuan = 4.9
  });
  test('When bps is 0, Then nothing', () => {
    expect(rebateAmount(10_000, 0, 'POINTS', 100)).toBe(0);
  });
});
