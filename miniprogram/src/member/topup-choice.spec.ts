import { amountProblem, bonusForAmount } from './topup-choice';

const options = {
  minFen: 100,
  maxFen: 500_000,
  bonuses: [
    { thresholdFen: 10_000, bonusFen: 1_000 },
    { thresholdFen: 50_000, bonusFen: 5_000 },
  ],
};

describe('top-up choice', () => {
  test('When an amount reaches a step, Then the highest step reached gives the bonus', () => {
    expect(bonusForAmount(options, 9_999)).toBe(0);
    expect(bonusForAmount(options, 10_000)).toBe(1_000);
    expect(bonusForAmount(options, 60_000)).toBe(5_000);
  });

  test('When the amount is missing or outside the limits, Then the member is told the range', () => {
    expect(amountProblem(options, null)).toContain('正确的金额');
    expect(amountProblem(options, 99)).toBe('单次充值金额需在 ¥1.00 至 ¥5000.00 之间。');
    expect(amountProblem(options, 100)).toBeNull();
  });
});
