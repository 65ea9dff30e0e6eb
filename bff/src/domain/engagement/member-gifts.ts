import type { MemberGiftRule, Tier } from '@tongka/shared-types';
import type { Tx } from '../../db/tx';
import { readTemplate } from '../coupons/coupon-template-row';
import { ruleInForce } from '../rules/rule-store';
import { localDate } from '../shared/chain-time';
import { grantOnce } from './grant-once';

const TIER_RANK: Record<Tier, number> = { basic: 0, silver: 1, gold: 2, diamond: 3 };
const TIER_NAMES: Record<Exclude<Tier, 'basic'>, string> = { silver: '银卡', gold: '金卡', diamond: '钻石卡' };

/** HQ's sign-up gift (points and/or a coupon), on the member's first phone binding (once per member). */
export async function grantSignupGift(tx: Tx, memberId: string, at: Date, timeZone: string): Promise<boolean> {
  const rule = (await ruleInForce(tx, 'member-gift')).rule;
  return grantOnce(tx, {
    memberId,
    grantKey: 'signup',
    points: rule.signupPoints,
    note: '新会员礼',
    at,
    coupon: { templateId: rule.signupCouponTemplateId, timeZone },
  });
}

/**
 * HQ's gift for a tier reached by going up (a checkout or refresh-tiers): once per tier and
 * chain-local year, so a tier lost and regained within the year does not pay twice.
 */
export async function grantTierGift(
  tx: Tx,
  change: { memberId: string; from: Tier; to: Tier; at: Date; timeZone: string },
): Promise<boolean> {
  if (change.to === 'basic' || TIER_RANK[change.to] <= TIER_RANK[change.from]) return false;
  const rule = (await ruleInForce(tx, 'member-gift')).rule;
  const year = localDate(change.at, change.timeZone).slice(0, 4);
  return grantOnce(tx, {
    memberId: change.memberId,
    grantKey: `tier:${change.to}:${year}`,
    points: rule.tierPoints[change.to],
    note: `升级${TIER_NAMES[change.to]}礼`,
    at: change.at,
  });
}

/** HQ's birthday and sign-up coupons must name existing templates (404 COUPON_TEMPLATE_NOT_FOUND). */
export async function assertGiftCouponTemplates(db: Tx, rule: MemberGiftRule): Promise<void> {
  for (const templateId of [rule.birthdayCouponTemplateId, rule.signupCouponTemplateId]) {
    if (templateId) await readTemplate(db, templateId);
  }
}
