import type { StaffRole } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';

/** The caller's active staff roles, one per store (manager wins over clerk), by store code, with
 * the store's name for the staff pages. */
export async function listStaffRoles(db: Tx, memberId: string): Promise<StaffRole[]> {
  const rows = await select<{ store_id: string; code: string; name: string; role: 'clerk' | 'manager' }>(
    db,
    `SELECT r.store_id, s.code, s.name, r.role FROM staff_roles r JOIN stores s ON s.id = r.store_id
     WHERE r.member_id = ? AND r.revoked_at IS NULL ORDER BY s.code`,
    [memberId],
  );
  const byStore = new Map<string, StaffRole>();
  for (const row of rows) {
    const known = byStore.get(row.store_id);
    if (!known || row.role === 'manager')
      byStore.set(row.store_id, { storeId: row.store_id, storeCode: row.code, storeName: row.name, role: row.role });
  }
  return [...byStore.values()];
}
