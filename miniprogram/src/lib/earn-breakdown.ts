import type { CheckoutResponse, EarnBreakdown } from '../services/types';
import { formatFen } from './money';
import { tierLabel } from './tier-labels';

const NO_EARN_TEXT: Record<NonNullable<EarnBreakdown['noEarnReason']>, string> = {
  EARN_BLOCKED: '会员已冻结积分',
  BELOW_MIN_ORDER: '未达到最低消费金额',
  NOTHING_PAID: '本单没有实付金额',
};

/** Multipliers and rates are hundredths at most (1.2, 1.25): no float noise like 1.2000000000000002. */
function number(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export interface EarnLineText {
  key: string;
  text: string;
}

/**
 * How the BFF computed the order's points, one Chinese line per step, in the order the BFF applies
 * them (base, categories, tier, campaign, caps). Steps that change nothing (×1) are left out.
 */
export function earnBreakdownLines(breakdown: EarnBreakdown, tier: string): EarnLineText[] {
  if (breakdown.noEarnReason) {
    return [{ key: 'no-earn', text: `不积分：${NO_EARN_TEXT[breakdown.noEarnReason]}` }];
  }
  const base = `消费 ${formatFen(breakdown.earnBaseFen)} × ${number(breakdown.pointsPerYuan)} 积分/元`;
  const lines: EarnLineText[] = [{ key: 'base', text: `${base} = ${breakdown.basePoints}` }];
  breakdown.lines.forEach((line, index) => {
    if (line.multiplier === 1) return;
    const name = `${line.category ?? '其他商品'} ${formatFen(line.earnBaseFen)}`;
    const effect = line.multiplier === 0 ? '不积分' : `×${number(line.multiplier)}`;
    lines.push({ key: `line-${index}`, text: `${name} ${effect}` });
  });
  if (breakdown.tierMultiplier !== 1) {
    lines.push({ key: 'tier', text: `${tierLabel(tier)} ×${number(breakdown.tierMultiplier)}` });
  }
  const { campaign, caps } = breakdown;
  if (campaign) {
    const fundedBy = campaign.fundedBy === 'HQ' ? '（总部出资）' : '';
    lines.push({ key: 'campaign', text: `${campaign.name} ×${number(campaign.multiplier)}${fundedBy}` });
  }
  if (caps.applied.length > 0) lines.push({ key: 'before-caps', text: `计算得 ${breakdown.beforeCapsPoints} 积分` });
  if (caps.applied.includes('PER_ORDER') && caps.perOrderCapPoints !== null) {
    lines.push({ key: 'cap-order', text: `单笔上限 ${caps.perOrderCapPoints} 积分` });
  }
  if (caps.applied.includes('DAILY') && caps.dailyCapPoints !== null) {
    const text = `每日上限 ${caps.dailyCapPoints} 积分（今日已得 ${caps.earnedTodayPoints}）`;
    lines.push({ key: 'cap-daily', text });
  }
  return lines;
}

function ruleText(scope: string, version: number, ownStoreScope: boolean): string {
  if (scope === 'DEFAULT' || version === 0) return '系统默认';
  if (scope === 'HQ') return `总部 第 ${version} 版`;
  return ownStoreScope ? `本店 第 ${version} 版` : `门店 第 ${version} 版`;
}

/** Which earn and redeem rule versions the BFF applied (the store's own earn rule wins over HQ's). */
export function ruleVersionText(checkout: Pick<CheckoutResponse, 'ruleVersion'>): string {
  const { ruleVersion } = checkout;
  const earn = ruleText(ruleVersion.earnRuleScope, ruleVersion.earnRuleVersion, true);
  const redeem = ruleText(ruleVersion.redeemRuleId ? 'HQ' : 'DEFAULT', ruleVersion.redeemRuleVersion, false);
  return `积分规则：${earn} · 抵扣规则：${redeem}`;
}
