import type { EarnBreakdown, EarnRule, Tier } from '@tongka/shared-types';
import { splitLargestRemainder } from '../checkout/largest-remainder';

export interface EarnInput {
  rule: EarnRule;
  ruleRef: { id: string | null; version: number };
  storeId: string;
  tier: Tier;
  /** Chain-time date (YYYY-MM-DD) and ISO weekday (1 = Monday) of the checkout. */
  localDate: string;
  isoWeekday: number;
  /** The order amount, for the minimum-order rule. */
  amountFen: number;
  /** What the member actually paid that earns: cash, plus stored value when the rule says so. */
  earnBaseFen: number;
  items?: ReadonlyArray<{ category?: string; amountFen: number }>;
  earnBlocked: boolean;
  /** Points this member already earned today (chain time), for the daily cap. */
  earnedTodayPoints: number;
}

/** Multipliers and rates are kept as exact hundredths (1.5 → 150). */
const hundredths = (value: number) => Math.round(value * 100);

/**
 * Points earned by a checkout, with the reasons (pure; specs in compute-earn.spec.ts).
 * points = floor(Σ line base fen × category × pointsPerYuan × tier × campaign / 100), computed
 * exactly and floored once; then the per-order cap, then the daily cap. A campaign funded by HQ
 * pays for the points above what the order would earn without it.
 */
export function computeEarn(input: EarnInput): EarnBreakdown {
  const { rule } = input;
  const tierMultiplier = ownValue(rule.tierMultipliers, input.tier) ?? 1;
  const campaign = pickCampaign(input);
  const lines = earnLines(input);
  const rate = BigInt(hundredths(rule.pointsPerYuan));
  const lineSum = lines.reduce((acc, line) => acc + BigInt(line.earnBaseFen) * BigInt(hundredths(line.multiplier)), 0n);
  const product = lineSum * rate * BigInt(hundredths(tierMultiplier));
  const scale = 100n ** 5n; // fen per yuan × four hundredths factors (category, rate, tier, campaign)
  const beforeCapsStore = Number((product * 100n) / scale);
  const beforeCaps = Number((product * BigInt(hundredths(campaign?.multiplier ?? 1))) / scale);
  const noEarnReason = input.earnBlocked
    ? 'EARN_BLOCKED'
    : input.amountFen < rule.minOrderFen
      ? 'BELOW_MIN_ORDER'
      : input.earnBaseFen === 0
        ? 'NOTHING_PAID'
        : null;
  const caps = applyCaps(noEarnReason ? 0 : beforeCaps, rule, input.earnedTodayPoints);
  const storeFunded = campaign?.fundedBy === 'HQ' ? Math.min(beforeCapsStore, caps.finalPoints) : caps.finalPoints;
  return {
    earnBaseFen: input.earnBaseFen,
    pointsPerYuan: rule.pointsPerYuan,
    basePoints: Number((BigInt(input.earnBaseFen) * rate) / 10000n),
    tierMultiplier,
    lines,
    campaign,
    beforeCapsPoints: noEarnReason ? 0 : beforeCaps,
    caps: {
      perOrderCapPoints: rule.perOrderCapPoints ?? null,
      dailyCapPoints: rule.dailyCapPoints ?? null,
      earnedTodayPoints: input.earnedTodayPoints,
      applied: caps.applied,
    },
    finalPoints: caps.finalPoints,
    storeFundedPoints: storeFunded,
    hqFundedPoints: caps.finalPoints - storeFunded,
    noEarnReason,
    earnRuleId: input.ruleRef.id,
    earnRuleVersion: input.ruleRef.version,
  };
}

/** The earn base spread over the items (by amount, largest remainder), each with its category multiplier. */
function earnLines(input: EarnInput): EarnBreakdown['lines'] {
  const items = input.items?.length ? input.items : [{ amountFen: input.amountFen }];
  const bases = splitLargestRemainder(
    input.earnBaseFen,
    items.map((item) => item.amountFen),
  );
  return items.map((item, index) => ({
    category: item.category ?? null,
    amountFen: item.amountFen,
    earnBaseFen: bases[index],
    multiplier: item.category ? (ownValue(input.rule.categoryMultipliers, item.category) ?? 1) : 1,
  }));
}

/** The campaign in force at this store and day; several at once → the highest multiplier wins (no stacking). */
function pickCampaign(input: EarnInput): EarnBreakdown['campaign'] {
  let best: EarnBreakdown['campaign'] = null;
  for (const campaign of input.rule.campaigns ?? []) {
    if (campaign.storeIds && !campaign.storeIds.includes(input.storeId)) continue;
    if (campaign.from && input.localDate < campaign.from) continue;
    if (campaign.to && input.localDate > campaign.to) continue;
    if (campaign.weekdays && !campaign.weekdays.includes(input.isoWeekday)) continue;
    if (best && best.multiplier >= campaign.multiplier) continue;
    best = { name: campaign.name, multiplier: campaign.multiplier, fundedBy: campaign.fundedBy ?? 'STORE' };
  }
  return best;
}

/**
 * The most one order can earn whatever the rule says (the largest points value a request may carry,
 * PointsSchema): the largest order (¥100,000,000) at the highest rates (100 points per yuan,
 * multipliers up to 100) would otherwise earn more than a double holds exactly (issue #10, finding 12).
 */
export const MAX_POINTS_PER_ORDER = 1_000_000_000;

function applyCaps(points: number, rule: EarnRule, earnedToday: number) {
  const applied: Array<'PER_ORDER' | 'DAILY'> = [];
  let finalPoints = points;
  const perOrderCap = Math.min(rule.perOrderCapPoints ?? MAX_POINTS_PER_ORDER, MAX_POINTS_PER_ORDER);
  if (finalPoints > perOrderCap) {
    finalPoints = perOrderCap;
    applied.push('PER_ORDER');
  }
  if (rule.dailyCapPoints !== undefined) {
    const room = Math.max(0, rule.dailyCapPoints - earnedToday);
    if (finalPoints > room) {
      finalPoints = room;
      applied.push('DAILY');
    }
  }
  return { finalPoints, applied };
}

/**
 * A rule's value for a key the request names (an item's category): own properties only, so a
 * category called `constructor`, `__proto__` or `toString` is just a category without a
 * multiplier, never something inherited from Object.prototype (STYLE.md point 16).
 */
function ownValue(record: Readonly<Record<string, number>> | undefined, key: string): number | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}
