import type { Pool } from 'mysql2/promise';
import { ulid } from '../../../bff/src/domain/shared/ulid';

export interface RawScanTarget {
  staffId: string;
  storeId: string;
  memberCodeId: number;
}

let rawStep = -1;

/**
 * The statements the BFF's scan runs, by hand with mysql2 on the pool (no transaction, as the
 * BFF): the sign-in read, the member with secret, phone and home store, the scan row, then the
 * redeem rule and the balances side by side. Without the code check and the decryption (CPU the
 * BFF spends in its own process); raw steps are negative so they never collide with real codes.
 */
export async function rawScan(pool: Pool, target: RawScanTarget): Promise<void> {
  await pool.execute(
    `SELECT m.status, (SELECT MAX(s.role) FROM staff_roles s
                         WHERE s.member_id = m.id AND s.store_id = ? AND s.revoked_at IS NULL) AS role
       FROM members m WHERE m.id = ?`,
    [target.storeId, target.staffId],
  );
  const [rows] = await pool.execute(
    `SELECT m.id, m.status, m.earn_blocked, m.spend_blocked, m.block_reason, m.home_store_id, m.tier, m.phone_enc,
            h.name AS home_store_name, s.secret_enc, s.version AS secret_version
       FROM members m
       LEFT JOIN member_code_secrets s ON s.member_id = m.id
       LEFT JOIN stores h ON h.id = m.home_store_id
      WHERE m.member_code_id = ?`,
    [target.memberCodeId],
  );
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
  await Promise.all([
    pool.execute(
      "SELECT id, version, scope, rule_json FROM rule_versions WHERE kind = 'redeem' AND scope = 'HQ' ORDER BY version DESC LIMIT 1",
      [],
    ),
    pool.execute(
      `SELECT a.purpose, a.asset, a.balance, a.pending_in,
              (SELECT SUM(t.amount) FROM ledger_transfers t WHERE t.from_account_id = a.id AND t.status = 'pending') AS held
         FROM ledger_accounts a WHERE a.owner_type = 'member' AND a.owner_id = ?`,
      [member.id],
    ),
  ]);
}
