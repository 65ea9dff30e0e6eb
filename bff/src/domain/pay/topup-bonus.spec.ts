import { assertTopupAmount, bonusFor } from './topup-bonus';

const rule = {
  minFen: 100,
  maxFen: 500_000,
  presetsFen: [10_000],
  bonuses: [
    { thresholdFen: 100_000, bonusFen: 12_000 },
    { thresholdFen: 50_000, bonusFen: 5_000 },
  ],
};

describe('top-up bonus', () => {
  test('When the amount reaches several steps, Then only the highest step applies', () => {
    expect(bonusFor(rule, 100_000)).toBe(12_000);
    expect(bonusFor(rule, 99_999)).toBe(5_000);
    expect(bonusFor(rule, 50_000)).toBe(5_000);
    expect(bonusFor(rule, 49_999)).toBe(0);
  });

  test('When the amount is outside the limits, Then TOPUP_AMOUNT_OUT_OF_RANGE', () => {
    expect(() => assertTopupAmount(rule, 99)).toThrow(expect.objectContaining({ code: 'TOPUP_AMOUNT_OUT_OF_RANGE' }));
    expect(() => assertTopupAmount(rule, 500_001)).toThrow(
      expect.objectContaining({ code: 'TOPUP_AMOUNT_OUT_OF_RANGE' }),
    );
    expect(() => assertTopupAmount(rule, 100)).not.toThrow();
  });
});
