import type { Tier, TierRule } from '@tongka/shared-types';

/** The tier a rolling 12-month paid amount earns (thresholds inclusive). */
export function tierFor(rollingPaidFen: number, rule: TierRule): Tier {
  if (rollingPaidFen >= rule.diamondFen) return 'diamond';
  if (rollingPaidFen >= rule.goldFen) return 'gold';
  if (rollingPaidFen >= rule.silverFen) return 'silver';
  return 'basic';
}

/** Start of the rolling window: the same instant one year earlier (Feb 29 → Mar 1). */
export function rollingWindowStart(asOf: Date): Date {
  const start = new Date(asOf.getTime());
  start.setUTCFullYear(start.getUTCFullYear() - 1);
  return start;
}
