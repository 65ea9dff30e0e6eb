import type { AdminRole } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';

/** The role of an enabled admin, or null when the account is unknown or disabled. */
export async function adminAccess(db: Tx, adminId: string): Promise<{ role: AdminRole } | null> {
  const [row] = await select<{ role: AdminRole; disabled_at: unknown }>(
    db,
    'SELECT role, disabled_at FROM admins WHERE id = ?',
    [adminId],
  );
  if (!row || row.disabled_at !== null) return null;
  return { role: row.role === 'finance' ? 'finance' : 'admin' };
}
