import { plainBreakdown } from '../../test-support/checkout-fixtures';
import { earnBreakdownLines, ruleVersionText } from './earn-breakdown';

const texts = (lines: Array<{ text: string }>) => lines.map((line) => line.text);

describe('earn breakdown in Chinese', () => {
  it('When nothing multiplies, Then one line shows the base computation', () => {
    expect(texts(earnBreakdownLines(plainBreakdown(4_900), 'basic'))).toEqual(['消费 ¥49.00 × 1 积分/元 = 49']);
  });

  it('When a category multiplies and the per-order cap stops the points, Then both show, without float noise', () => {
    const breakdown = plainBreakdown(10_000, {
      pointsPerYuan: 1.1,
      basePoints: 110,
      lines: [{ category: '生鲜', amountFen: 10_000, earnBaseFen: 10_000, multiplier: 1.5 }],
      beforeCapsPoints: 165,
      caps: { perOrderCapPoints: 80, dailyCapPoints: null, earnedTodayPoints: 0, applied: ['PER_ORDER'] },
      finalPoints: 80,
    });
    expect(texts(earnBreakdownLines(breakdown, 'gold'))).toEqual([
      '消费 ¥100.00 × 1.1 积分/元 = 110',
      '生鲜 ¥100.00 ×1.5',
      '计算得 165 积分',
      '单笔上限 80 积分',
    ]);
  });

  it('When the order is below the minimum or unpaid, Then the reason is given in Chinese', () => {
    expect(texts(earnBreakdownLines({ ...plainBreakdown(500), noEarnReason: 'BELOW_MIN_ORDER' }, 'basic'))).toEqual([
      '不积分：未达到最低消费金额',
    ]);
    expect(texts(earnBreakdownLines({ ...plainBreakdown(0), noEarnReason: 'NOTHING_PAID' }, 'basic'))).toEqual([
      '不积分：本单没有实付金额',
    ]);
  });

  it('When HQ rules apply, Then the versions name HQ', () => {
    const ruleVersion = {
      earnRuleId: 'e1',
      earnRuleVersion: 4,
      earnRuleScope: 'HQ',
      redeemRuleId: null,
      redeemRuleVersion: 0,
    };
    expect(ruleVersionText({ ruleVersion })).toBe('积分规则：总部 第 4 版 · 抵扣规则：系统默认');
  });
});
