import { type MyReferralResponse, referralSharePath } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { selectRebates } from './rebate-row';
import { maskMemberId } from './sql-helpers';

const LIST_LIMIT = 100;

/**
 * The member's invite page (API.md GET /api/me/referral): code and share path, invitees (masked)
 * with the day they joined and first paid, pending and confirmed rebates. Every read starts with
 * the member (ix_members_referrer, ix_referral_rebates_beneficiary).
 */
export async function getMyReferral(db: Tx, memberId: string): Promise<MyReferralResponse> {
  const [member] = await select<{ referral_code: string }>(db, 'SELECT referral_code FROM members WHERE id = ?', [
    memberId,
  ]);
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'This member no longer exists.');
  const invitees = await select<{ id: string; created_at: unknown; first_paid_at: unknown }>(
    db,
    `SELECT m.id, m.created_at, a.first_paid_at FROM members m
       LEFT JOIN referral_attributions a ON a.referee_id = m.id
      WHERE m.referrer_id = ? AND m.status <> 'merged' ORDER BY m.created_at DESC LIMIT ${LIST_LIMIT}`,
    [memberId],
  );
  const [counted] = await select<{ n: number | string }>(
    db,
    "SELECT COUNT(*) AS n FROM members WHERE referrer_id = ? AND status <> 'merged'",
    [memberId],
  );
  const rebates = await selectRebates(
    db,
    `SELECT * FROM referral_rebates WHERE beneficiary_id = ? ORDER BY created_at DESC LIMIT ${LIST_LIMIT}`,
    [memberId],
  );
  const sum = (statuses: string[], asset: string) =>
    rebates
      .filter((r) => statuses.includes(r.status) && r.asset === asset)
      .reduce((total, r) => total + r.current_amount, 0);
  return {
    referralCode: member.referral_code,
    sharePath: referralSharePath(member.referral_code),
    invitedCount: Number(counted?.n ?? 0),
    pendingRebate: { points: sum(['pending', 'held'], 'POINTS'), fen: sum(['pending', 'held'], 'CNY') },
    confirmedRebate: { points: sum(['confirmed'], 'POINTS'), fen: sum(['confirmed'], 'CNY') },
    invitees: invitees.map((row) => ({
      memberIdMasked: maskMemberId(row.id),
      joinedAt: readInstant(row.created_at).toISOString(),
      ...(row.first_paid_at ? { firstPaidAt: readInstant(row.first_paid_at).toISOString() } : {}),
    })),
    rebates: rebates.map((r) => ({
      id: r.id,
      level: r.level,
      asset: r.asset,
      amount: r.current_amount,
      status: r.status as MyReferralResponse['rebates'][number]['status'],
      inviteeMasked: maskMemberId(r.referee_id),
      createdAt: r.created_at.toISOString(),
      confirmAt: r.confirm_at.toISOString(),
      confirmedAt: r.confirmed_at ? r.confirmed_at.toISOString() : null,
    })),
  };
}

/** A code a share card or poster carries, if a member holds it (the landing page's check). */
export async function lookUpReferralCode(db: Tx, code: string) {
  const normalized = code.trim().toUpperCase();
  const [row] = await select<{ referral_code: string }>(
    db,
    "SELECT referral_code FROM members WHERE referral_code = ? AND status = 'active'",
    [normalized],
  );
  if (!row) throw new AppError('REFERRAL_CODE_UNKNOWN', 'No member holds this referral code.', { code: normalized });
  return { referralCode: row.referral_code, sharePath: referralSharePath(row.referral_code) };
}
