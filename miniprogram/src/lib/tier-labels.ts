import type { TierName } from '../services/types';

const TIER_LABELS: Record<string, string> = {
  basic: '普通会员',
  silver: '银卡',
  gold: '金卡',
  diamond: '钻石卡',
};

/** Chinese name of a tier; an unknown tier shows as sent rather than disappearing. */
export function tierLabel(tier: TierName | null | undefined): string {
  if (!tier) return '会员';
  return TIER_LABELS[tier.toLowerCase()] ?? tier;
}
