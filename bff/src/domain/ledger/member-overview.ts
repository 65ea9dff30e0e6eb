import { select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { expiringSoon, getMemberBalances } from './balances';

/**
 * Parts of GET /api/me that other modules own, behind small replaceable functions: the masked
 * phone (Identity) and the number of usable coupons (coupons). Defaults: none bound, none held.
 */
export interface MemberOverviewParts {
  phoneMasked(db: Tx, memberId: string): Promise<string | null>;
  couponsAvailable(db: Tx, memberId: string, asOf: Date): Promise<number>;
}

export const memberOverviewParts: MemberOverviewParts = {
  phoneMasked: async () => null,
  couponsAvailable: async () => 0,
};

export const EXPIRING_SOON_DAYS = 30;

/** The member card: balances, what expires in the next 30 days, and profile fields. */
export async function getMemberOverview(db: Tx, memberId: string, asOf: Date, parts = memberOverviewParts) {
  const [member] = await select<{
    id: string;
    tier: string;
    referral_code: string;
    home_store_id: string | null;
    home_store_name: string | null;
  }>(
    db,
    `SELECT m.id, m.tier, m.referral_code, m.home_store_id, s.name AS home_store_name
       FROM members m LEFT JOIN stores s ON s.id = m.home_store_id WHERE m.id = ?`,
    [memberId],
  );
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'No such member.');
  const balances = await getMemberBalances(db, memberId);
  const expiring = await expiringSoon(db, memberId, asOf, EXPIRING_SOON_DAYS);
  return {
    id: member.id,
    tier: member.tier,
    phoneMasked: await parts.phoneMasked(db, memberId),
    points: balances.points,
    storedValueFen: balances.storedValueFen,
    couponsAvailable: await parts.couponsAvailable(db, memberId, asOf),
    referralCode: member.referral_code,
    expiringSoon: expiring.map((e) => ({ points: e.points, expiresAt: e.expiresAt.toISOString() })),
    pendingPoints: balances.pendingPoints,
    pointsDebt: balances.pointsDebt,
    homeStoreId: member.home_store_id,
    homeStoreName: member.home_store_name ?? null,
  };
}
