import type { Tier } from '@tongka/shared-types';
import { isSqlite, select, type Tx } from '../../db/tx';

export interface MemberRow {
  id: string;
  status: 'active' | 'merged' | 'deleted';
  earn_blocked: number | boolean;
  spend_blocked: number | boolean;
  block_reason: string | null;
  home_store_id: string | null;
  tier: Tier;
}

/** `FOR UPDATE` where the database has it (SQLite serialises whole transactions instead). */
export function lockClause(db: Tx): string {
  return isSqlite(db.connection) ? '' : ' FOR UPDATE';
}

export async function readMember(db: Tx, memberId: string, forUpdate = false): Promise<MemberRow | null> {
  const [row] = await select<MemberRow>(
    db,
    `SELECT id, status, earn_blocked, spend_blocked, block_reason, home_store_id, tier FROM members WHERE id = ?${forUpdate ? lockClause(db) : ''}`,
    [memberId],
  );
  return row ?? null;
}
