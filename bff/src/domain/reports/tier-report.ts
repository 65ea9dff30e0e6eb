import type { TierReport } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';

/** Active members per tier and the points they hold (wallet balances). */
export async function tierReport(db: Tx): Promise<TierReport> {
  const rows = await select<{ tier: string; members: string | number; points: string | number | null }>(
    db,
    `SELECT m.tier, COUNT(*) AS members, SUM(COALESCE(a.balance, 0)) AS points
       FROM members m LEFT JOIN ledger_accounts a
         ON a.owner_type = 'member' AND a.owner_id = m.id AND a.purpose = 'wallet' AND a.asset = 'POINTS'
      WHERE m.status = 'active' GROUP BY m.tier ORDER BY m.tier`,
  );
  return {
    items: rows.map((row) => ({ tier: row.tier, members: Number(row.members), points: Number(row.points ?? 0) })),
  };
}
