import type { ReferralLeaderboard } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { maskMemberId } from './sql-helpers';

/**
 * The manager's leaderboard (issue #12, "Staff as sharers"): every clerk and manager of the store
 * with the sign-ups their card brought to this store, how many of those bought, and the rewards
 * (points, commission in fen for payroll) still standing. Most sign-ups first.
 */
export async function storeReferralLeaderboard(db: Tx, storeId: string): Promise<ReferralLeaderboard> {
  const rows = await select<{
    member_id: string;
    role: 'clerk' | 'manager';
    sign_ups: number | string;
    first_purchases: number | string;
    points: number | string | null;
    commission: number | string | null;
  }>(
    db,
    `SELECT s.member_id, MAX(s.role) AS role,
            (SELECT COUNT(*) FROM referral_attributions a WHERE a.staff_store_id = ? AND a.referrer_id = s.member_id) AS sign_ups,
            (SELECT COUNT(a.first_paid_at) FROM referral_attributions a
              WHERE a.staff_store_id = ? AND a.referrer_id = s.member_id) AS first_purchases,
            (SELECT SUM(r.current_amount) FROM referral_rebates r
              WHERE r.beneficiary_id = s.member_id AND r.is_staff = 1 AND r.asset = 'POINTS'
                AND r.status IN ('pending', 'held', 'confirmed')) AS points,
            (SELECT SUM(r.current_amount) FROM referral_rebates r
              WHERE r.beneficiary_id = s.member_id AND r.is_staff = 1 AND r.asset = 'COMMISSION'
                AND r.status IN ('pending', 'held', 'confirmed')) AS commission
       FROM staff_roles s WHERE s.store_id = ? AND s.revoked_at IS NULL GROUP BY s.member_id`,
    [storeId, storeId, storeId],
  );
  const items = rows
    .map((row) => ({
      memberId: row.member_id,
      memberIdMasked: maskMemberId(row.member_id),
      role: row.role,
      signUps: Number(row.sign_ups),
      firstPurchases: Number(row.first_purchases),
      rewardPoints: Number(row.points ?? 0),
      commissionFen: Number(row.commission ?? 0),
    }))
    .sort((a, b) => b.signUps - a.signUps || b.firstPurchases - a.firstPurchases || (a.memberId < b.memberId ? -1 : 1));
  return { storeId, items };
}
