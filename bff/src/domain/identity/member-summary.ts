import type { LoginMember } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';

/** The member part of login and phone-binding answers. */
export async function memberSummary(db: Tx, memberId: string): Promise<LoginMember> {
  const [row] = await select<{ id: string; tier: string; phone_index: string | null; referral_code: string }>(
    db,
    'SELECT id, tier, phone_index, referral_code FROM members WHERE id = ?',
    [memberId],
  );
  if (!row) throw new AppError('MEMBER_NOT_FOUND', 'No such member.');
  return { id: row.id, tier: row.tier, phoneBound: row.phone_index !== null, referralCode: row.referral_code };
}
