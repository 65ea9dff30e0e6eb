import type { Pool } from 'mysql2/promise';
import { SCAN_TARGET_SQL } from '../../../bff/src/domain/checkout/open-scan';
import { ulid } from '../../../bff/src/domain/shared/ulid';

export interface RawScanTarget {
  staffId: string;
  storeId: string;
  memberCodeId: number;
}

let rawStep = -1;

/**
 * The statements the BFF's scan runs, by hand with mysql2 on the pool (no transaction, as the
 * BFF): the sign-in read, the one read of everything the sheet shows, the scan row. Without the
 * code check and the decryption (CPU the BFF spends in its own process); raw steps are negative
 * so they never collide with real codes.
 */
export async function rawScan(pool: Pool, target: RawScanTarget): Promise<void> {
  await pool.execute(
    `SELECT m.status, (SELECT MAX(s.role) FROM staff_roles s
                         WHERE s.member_id = m.id AND s.store_id = ? AND s.revoked_at IS NULL) AS role
       FROM members m WHERE m.id = ?`,
    [target.storeId, target.staffId],
  );
  const [rows] = await pool.execute(SCAN_TARGET_SQL, [target.memberCodeId]);
  const member = (rows as Array<{ id: string; secret_version: number }>)[0];
  const now = new Date();
  const utc = (at: Date) => at.toISOString().replace('T', ' ').replace('Z', '');
  await pool.execute(
    'INSERT INTO scans (id, store_id, member_id, staff_member_id, member_code_id, secret_version, code_step, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    [
      ulid(),
      target.storeId,
      member.id,
      target.staffId,
      target.memberCodeId,
      member.secret_version,
      rawStep--,
      utc(now),
      utc(new Date(now.getTime() + 600_000)),
    ],
  );
}
