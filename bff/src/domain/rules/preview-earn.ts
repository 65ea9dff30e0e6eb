import type { EarnBreakdown, EarnPreviewRequest } from '@tongka/shared-types';
import type { Tx } from '../../db/tx';
import { localDate } from '../shared/chain-time';
import { computeEarn } from './compute-earn';
import { assertStoreExists, HQ_SCOPE, ruleInForce } from './rule-store';

/**
 * What a sample receipt would earn under the earn rule in force (the store's override, else HQ's),
 * for a member of the given tier with nothing earned yet that day. Reads the rule, writes nothing.
 */
export async function previewEarn(
  db: Tx,
  input: EarnPreviewRequest & { now: Date; timeZone: string },
): Promise<EarnBreakdown> {
  if (input.storeId) await assertStoreExists(db, input.storeId);
  const rule = await ruleInForce(db, 'earn', input.storeId ?? HQ_SCOPE);
  const date = input.date ?? localDate(input.now, input.timeZone);
  return computeEarn({
    rule: rule.rule,
    ruleRef: { id: rule.ruleId, version: rule.version },
    storeId: input.storeId ?? HQ_SCOPE,
    tier: input.tier,
    localDate: date,
    isoWeekday: isoWeekdayOf(date),
    amountFen: input.amountFen,
    earnBaseFen: input.amountFen,
    items: input.items,
    earnBlocked: false,
    earnedTodayPoints: 0,
  });
}

/** 1 = Monday … 7 = Sunday for a calendar date (the date itself carries no zone). */
function isoWeekdayOf(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}
