import type { Tier } from '@tongka/shared-types';
import { inTransaction, select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { ruleInForce } from '../rules/rule-store';
import { refreshMemberTier } from './refresh-member-tier';

const BATCH = 200;

/**
 * The refresh-tiers job: recomputes every active member's tier from the rolling 12 months as of
 * `asOf` (spend ages out of the window, so tiers also go down), in id order, one transaction per
 * member so a long run never holds many locks. Safe to rerun: an unchanged tier writes nothing.
 * `processed` counts tier changes.
 */
export async function refreshTiersJob(
  deps: AppDeps,
  options: { asOf: Date; onProgress?: (done: number, total: number | null) => void },
): Promise<{ processed: number }> {
  const rule = (await ruleInForce(deps.dataSource.manager, 'tier')).rule;
  let after = '';
  let processed = 0;
  let seen = 0;
  for (;;) {
    const members = await select<{ id: string; tier: Tier }>(
      deps.dataSource.manager,
      `SELECT id, tier FROM members WHERE status = 'active' AND id > ? ORDER BY id LIMIT ${BATCH}`,
      [after],
    );
    if (members.length === 0) return { processed };
    for (const member of members) {
      const tier = await inTransaction(deps.dataSource, (tx) =>
        refreshMemberTier(tx, {
          memberId: member.id,
          currentTier: member.tier,
          rule,
          asOf: options.asOf,
          reason: 'refresh-tiers',
        }),
      );
      if (tier !== member.tier) processed += 1;
    }
    seen += members.length;
    after = members[members.length - 1].id;
    options.onProgress?.(seen, null);
  }
}
