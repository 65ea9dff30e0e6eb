import { REFERRAL_CODE_PATTERN } from '@tongka/shared-types';
import { execute, select, type Tx } from '../../db/tx';
import { checkSignupFraud } from './fraud-checks';

export interface Referrer {
  referrerId: string;
  /** The store of a clerk or manager sharing their card: it becomes the new member's home store. */
  staffStoreId: string | null;
}

/**
 * The referrer a brand-new member may be attributed to (issue #12, "Attribution"): the code's
 * owner if active (never a merged-away or deleted member). An unknown code attributes nobody: a
 * stale poster must not stop anyone signing in. The same person cannot be attributed to themself:
 * a login whose openid or unionid a member already holds signs that member in and creates
 * nobody, and a phone the new member later binds that the referrer holds merges the two, the
 * self-edge being dropped (merge-members.ts).
 */
export async function resolveReferrer(tx: Tx, input: { code: string }): Promise<Referrer | null> {
  const code = input.code.trim().toUpperCase();
  if (!REFERRAL_CODE_PATTERN.test(code)) return null;
  const [owner] = await select<{ id: string; status: string }>(
    tx,
    'SELECT id, status FROM members WHERE referral_code = ?',
    [code],
  );
  if (owner?.status !== 'active') return null;
  const [role] = await select<{ store_id: string }>(
    tx,
    'SELECT store_id FROM staff_roles WHERE member_id = ? AND revoked_at IS NULL ORDER BY created_at, id LIMIT 1',
    [owner.id],
  );
  return { referrerId: owner.id, staffStoreId: role?.store_id ?? null };
}

/** Records how the new member was attributed, then the fraud checks that may hold the referrer's rebates. */
export async function recordAttribution(
  tx: Tx,
  input: { refereeId: string; referrer: Referrer; deviceId?: string; at: Date },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO referral_attributions (referee_id, referrer_id, staff_store_id, device_id, first_paid_at, created_at)
     VALUES (?, ?, ?, ?, NULL, ?)`,
    [input.refereeId, input.referrer.referrerId, input.referrer.staffStoreId, input.deviceId ?? null, input.at],
  );
  await checkSignupFraud(tx, {
    referrerId: input.referrer.referrerId,
    refereeId: input.refereeId,
    deviceId: input.deviceId,
    at: input.at,
  });
}
