import type { EarnRule } from '@tongka/shared-types';
import { computeEarn, type EarnInput } from './compute-earn';

const base: EarnInput = {
  rule: { pointsPerYuan: 1, minOrderFen: 0 },
  ruleRef: { id: 'r1', version: 1 },
  storeId: 'S1',
  tier: 'basic',
  localDate: '2026-11-23',
  isoWeekday: 1,
  amountFen: 12_345,
  earnBaseFen: 12_345,
  earnBlocked: false,
  earnedTodayPoints: 0,
};
const withRule = (rule: Partial<EarnRule>, input: Partial<EarnInput> = {}): EarnInput => ({
  ...base,
  ...input,
  rule: { ...base.rule, ...rule },
});

describe('computeEarn', () => {
  test.each<[string, EarnInput, number, Partial<ReturnType<typeof computeEarn>>?]>([
    ['When the default rule applies, Then 1 point per whole yuan (floored)', base, 123],
    ['When 2.5 points per yuan, Then exact and floored once', withRule({ pointsPerYuan: 2.5 }), 308],
    [
      'When the order is below the minimum, Then nothing',
      withRule({ minOrderFen: 20_000 }),
      0,
      { noEarnReason: 'BELOW_MIN_ORDER' },
    ],
    ['When the order equals the minimum, Then it earns', withRule({ minOrderFen: 12_345 }), 123],
    [
      'When the member is earn-blocked, Then nothing and the breakdown says why',
      withRule({}, { earnBlocked: true }),
      0,
      { noEarnReason: 'EARN_BLOCKED' },
    ],
    [
      'When nothing was paid in cash, Then nothing',
      withRule({}, { earnBaseFen: 0 }),
      0,
      { noEarnReason: 'NOTHING_PAID' },
    ],
    ['When a per-order cap is lower, Then the cap', withRule({ perOrderCapPoints: 50 }), 50],
    ['When the per-order cap is higher, Then no cap', withRule({ perOrderCapPoints: 500 }), 123],
    [
      'When the daily cap is partly used, Then only the room left',
      withRule({ dailyCapPoints: 200 }, { earnedTodayPoints: 150 }),
      50,
    ],
    ['When the daily cap is used up, Then nothing', withRule({ dailyCapPoints: 200 }, { earnedTodayPoints: 250 }), 0],
    [
      'When the member is gold ×1.5, Then the tier multiplier applies',
      withRule({ tierMultipliers: { gold: 1.5 } }, { tier: 'gold' }),
      185,
    ],
    [
      'When only silver has a multiplier, Then a gold member earns the base',
      withRule({ tierMultipliers: { silver: 2 } }, { tier: 'gold' }),
      123,
    ],
    [
      'When tobacco is excluded, Then only other items earn',
      withRule(
        { categoryMultipliers: { tobacco: 0 } },
        { items: [{ category: 'tobacco', amountFen: 5_000 }, { amountFen: 7_345 }] },
      ),
      73,
    ],
    [
      'When a category doubles, Then that line doubles',
      withRule(
        { categoryMultipliers: { fresh: 2 } },
        { items: [{ category: 'fresh', amountFen: 10_000 }, { amountFen: 2_345 }] },
      ),
      223,
    ],
    [
      'When Monday is member day ×2, Then Monday doubles',
      withRule({ campaigns: [{ name: 'member day', weekdays: [1], multiplier: 2 }] }),
      246,
    ],
    [
      'When Monday is member day ×2 but it is Tuesday, Then no campaign',
      withRule({ campaigns: [{ name: 'member day', weekdays: [1], multiplier: 2 }] }, { isoWeekday: 2 }),
      123,
      { campaign: null },
    ],
    [
      'When the campaign is for another store, Then no campaign',
      withRule({ campaigns: [{ name: 'x', multiplier: 3, storeIds: ['S2'] }] }),
      123,
    ],
    [
      'When the date is outside the campaign range, Then no campaign',
      withRule({ campaigns: [{ name: 'x', multiplier: 3, from: '2026-12-01', to: '2026-12-31' }] }),
      123,
    ],
    [
      'When two campaigns apply, Then the higher multiplier wins (no stacking)',
      withRule({
        campaigns: [
          { name: 'a', multiplier: 2 },
          { name: 'b', multiplier: 3 },
          { name: 'c', multiplier: 1.5 },
        ],
      }),
      370,
    ],
    [
      'When HQ funds a ×2 campaign, Then HQ pays the extra points',
      withRule({ campaigns: [{ name: 'hq', multiplier: 2, fundedBy: 'HQ' }] }),
      246,
      { storeFundedPoints: 123, hqFundedPoints: 123 },
    ],
    [
      'When HQ funds a campaign and a cap cuts it, Then the store part is cut last',
      withRule({ perOrderCapPoints: 130, campaigns: [{ name: 'hq', multiplier: 2, fundedBy: 'HQ' }] }),
      130,
      { storeFundedPoints: 123, hqFundedPoints: 7 },
    ],
    [
      'When tier, category and campaign combine, Then they multiply before one floor',
      withRule(
        {
          tierMultipliers: { silver: 1.1 },
          categoryMultipliers: { fresh: 1.5 },
          campaigns: [{ name: 'c', multiplier: 1.2 }],
        },
        { tier: 'silver', amountFen: 999, earnBaseFen: 999, items: [{ category: 'fresh', amountFen: 999 }] },
      ),
      19, // 9.99 × 1.5 × 1.1 × 1.2 = 19.78
    ],
  ])('%s', (...[, input, expected, partial]) => {
    // rest parameters: rows without the 4th column must not turn it into jest's done callback
    const result = computeEarn(input);
    expect(result.finalPoints).toBe(expected);
    expect(result.storeFundedPoints + result.hqFundedPoints).toBe(expected);
    if (partial) expect(result).toMatchObject(partial);
  });

  test('When caps apply, Then the breakdown lists which', () => {
    const result = computeEarn(withRule({ perOrderCapPoints: 100, dailyCapPoints: 120 }, { earnedTodayPoints: 40 }));
    expect(result.caps.applied).toEqual(['PER_ORDER', 'DAILY']);
    expect(result.beforeCapsPoints).toBe(123);
    expect(result.finalPoints).toBe(80);
    expect(result.earnRuleId).toBe('r1');
  });

  test('When stored value paid part of the order, Then lines spread only the earn base', () => {
    const result = computeEarn(
      withRule(
        { categoryMultipliers: { tobacco: 0 } },
        { earnBaseFen: 6_000, items: [{ category: 'tobacco', amountFen: 6_000 }, { amountFen: 6_345 }] },
      ),
    );
    expect(result.lines.map((line) => line.earnBaseFen)).toEqual([2_916, 3_084]);
    expect(result.finalPoints).toBe(30);
  });
});
