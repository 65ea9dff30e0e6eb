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
  const account = (alias: string, purpose: string, asset: string) =>
    `LEFT JOIN ledger_accounts ${alias} ON ${alias}.owner_type = 'member' AND ${alias}.owner_id = m.id
       AND ${alias}.purpose = '${purpose}' AND ${alias}.asset = '${asset}'`;
  const [rows] = await pool.execute(
    `SELECT m.id, m.status, m.earn_blocked, m.spend_blocked, m.block_reason, m.home_store_id, m.tier, m.phone_enc,
            h.name AS home_store_name, s.secret_enc, s.version AS secret_version,
            wp.balance AS points, wc.balance AS stored_value_fen, wd.balance AS debt_balance,
            rr.rule_json AS redeem_rule_json
       FROM members m
       LEFT JOIN member_code_secrets s ON s.member_id = m.id
       LEFT JOIN stores h ON h.id = m.home_store_id
       ${account('wp', 'wallet', 'POINTS')}
       ${account('wc', 'wallet', 'CNY')}
       ${account('wd', 'debt', 'POINTS')}
       LEFT JOIN (SELECT rule_json FROM rule_versions WHERE kind = 'redeem' AND scope = 'HQ'
                   ORDER BY version DESC LIMIT 1) rr ON 1 = 1
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
}
