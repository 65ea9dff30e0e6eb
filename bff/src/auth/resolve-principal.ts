import type { Tx } from '../db/tx';
import { select } from '../db/tx';

const MAX_MERGE_HOPS = 16;

/**
 * A token names the member it was issued to; if that member was merged away, the token acts as
 * the survivor (following A→B→C chains). Deleted members and unknown ids resolve to null.
 */
export async function resolveActiveMemberId(db: Tx, memberId: string): Promise<string | null> {
  let current = memberId;
  for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
    const [row] = await select<{ status: string; merged_into_id: string | null }>(
      db,
      'SELECT status, merged_into_id FROM members WHERE id = ?',
      [current],
    );
    if (!row) return null;
    if (row.status === 'active') return current;
    if (row.status !== 'merged' || !row.merged_into_id) return null;
    current = row.merged_into_id;
  }
  return null;
}

export type StaffRole = 'clerk' | 'manager';

/**
 * The active member a token acts as and, at a store, the role it holds there: one read in the
 * usual case (the token's member is active), the merge chain otherwise.
 */
export async function resolveMemberAt(
  db: Tx,
  tokenMemberId: string,
  storeId: string | undefined,
): Promise<{ memberId: string; role: StaffRole | null } | null> {
  if (storeId) {
    const [row] = await select<{ status: string; role: StaffRole | null }>(
      db,
      `SELECT m.status, (SELECT MAX(s.role) FROM staff_roles s
                           WHERE s.member_id = m.id AND s.store_id = ? AND s.revoked_at IS NULL) AS role
         FROM members m WHERE m.id = ?`,
      [storeId, tokenMemberId],
    );
    if (row?.status === 'active') return { memberId: tokenMemberId, role: row.role ?? null };
  }
  const memberId = await resolveActiveMemberId(db, tokenMemberId);
  if (!memberId) return null;
  return { memberId, role: storeId ? await staffRoleAt(db, memberId, storeId) : null };
}

export async function adminExists(db: Tx, adminId: string): Promise<boolean> {
  const rows = await select(db, 'SELECT id FROM admins WHERE id = ?', [adminId]);
  return rows.length > 0;
}

/** The active role ('clerk' | 'manager') a member holds at a store, or null. */
export async function staffRoleAt(db: Tx, memberId: string, storeId: string): Promise<'clerk' | 'manager' | null> {
  const rows = await select<{ role: 'clerk' | 'manager' }>(
    db,
    'SELECT role FROM staff_roles WHERE member_id = ? AND store_id = ? AND revoked_at IS NULL',
    [memberId, storeId],
  );
  if (rows.some((row) => row.role === 'manager')) return 'manager';
  return rows.length > 0 ? 'clerk' : null;
}
