import { rebateAmountLabel, rebateDateLabel, totalLabel } from './rebate-labels';

const rebate = {
  id: 'r1',
  level: 1,
  asset: 'POINTS' as const,
  amount: 500,
  status: 'pending' as const,
  inviteeMasked: '01****ABCD',
  createdAt: '2026-11-23T04:00:00.000Z',
  confirmAt: '2026-11-30T16:30:00.000Z',
  confirmedAt: null,
};

describe('rebate labels', () => {
  test('When a rebate is pending, Then it says the Shanghai day it confirms (16:30 UTC is the next day there)', () => {
    expect(rebateDateLabel(rebate)).toBe('预计 2026-12-01 到账');
  });
  test('When it confirmed, Then the day it arrived', () => {
    expect(rebateDateLabel({ ...rebate, status: 'confirmed', confirmedAt: '2026-12-01T02:00:00.000Z' })).toBe(
      '2026-12-01 到账',
    );
  });
  test('When amounts are in points, fen or commission, Then each reads in its unit', () => {
    expect(rebateAmountLabel(rebate)).toBe('500 积分');
    expect(rebateAmountLabel({ asset: 'CNY', amount: 205 })).toBe('¥2.05');
    expect(rebateAmountLabel({ asset: 'COMMISSION', amount: 300 })).toBe('佣金 ¥3.00');
  });
  test('When totals are empty or mixed, Then "0" or both parts', () => {
    expect(totalLabel({ points: 0, fen: 0 })).toBe('0');
    expect(totalLabel({ points: 500, fen: 200 })).toBe('500 积分 + ¥2.00');
  });
});
