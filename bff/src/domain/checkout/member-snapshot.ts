import type { Tier } from '@tongka/shared-types';
import { isSqlite, select, type Tx } from '../../db/tx';
import { getMemberBalances } from '../ledger';
import { phoneMaskedOf } from '../members/phone';
import type { DataCrypto } from '../shared/data-crypto';

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

/** What the cashier's scan sheet shows about a member. */
export async function memberSnapshot(db: Tx, member: MemberRow, crypto: DataCrypto) {
  const [home] = member.home_store_id
    ? await select<{ name: string }>(db, 'SELECT name FROM stores WHERE id = ?', [member.home_store_id])
    : [];
  const balances = await getMemberBalances(db, member.id);
  return {
    id: member.id,
    tier: member.tier,
    phoneMasked: await phoneMaskedOf(db, member.id, crypto),
    homeStoreId: member.home_store_id,
    homeStoreName: home?.name ?? null,
    points: balances.points,
    storedValueFen: balances.storedValueFen,
    pointsDebt: balances.pointsDebt,
    earnBlocked: Boolean(member.earn_blocked),
    spendBlocked: Boolean(member.spend_blocked),
    // Coupons arrive with the Coupons issue; the field is in the contract already.
    coupons: [] as unknown[],
  };
}
