import type { Tx } from '../db/tx';
import { select } from '../db/tx';
import { resolveActiveMemberId } from '../domain/identity/resolve-active-member';

export type StaffRole = 'clerk' | 'manager';

/**
 * The active member a token acts as, the session version of the member the token names (to
 * check against the token's), and at a store the role held there: one read in the usual case
 * (the token's member is active), the merge chain otherwise.
 */
export async function resolveMemberAt(
  db: Tx,
  tokenMemberId: string,
  storeId: string | undefined,
): Promise<{ memberId: string; tokenVersion: number; role: StaffRole | null } | null> {
  const [row] = await select<{ status: string; token_version: number | string; role: StaffRole | null }>(
    db,
    `SELECT m.status, m.token_version, (SELECT MAX(s.role) FROM staff_roles s
                           WHERE s.member_id = m.id AND s.store_id = ? AND s.revoked_at IS NULL) AS role
       FROM members m WHERE m.id = ?`,
    [storeId ?? '', tokenMemberId],
  );
  if (!row) return null;
  const tokenVersion = Number(row.token_version);
  if (row.status === 'active') return { memberId: tokenMemberId, tokenVersion, role: row.role ?? null };
  const memberId = await resolveActiveMemberId(db, tokenMemberId);
  if (!memberId) return null;
  return { memberId, tokenVersion, role: storeId ? await staffRoleAt(db, memberId, storeId) : null };
}

export async function adminExists(db: Tx, adminId: string): Promise<boolean> {
  const rows = await select(db, 'SELECT id FROM admins WHERE id = ?', [adminId]);
  return rows.length > 0;
}

/** The active role ('clerk' | 'manager') a member holds at a store, or null. */
export async function staffRoleAt(db: Tx, memberId: string, storeId: string): Promise<StaffRole | null> {
  const rows = await select<{ role: StaffRole }>(
    db,
    'SELECT role FROM staff_roles WHERE member_id = ? AND store_id = ? AND revoked_at IS NULL',
    [memberId, storeId],
  );
  if (rows.some((row) => row.role === 'manager')) return 'manager';
  return rows.length > 0 ? 'clerk' : null;
}
