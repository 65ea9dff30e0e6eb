import type { AdminMemberList, AdminMemberRow, AdminMemberSearchQuery } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { maskPhone, normalizePhone, phoneIndexOf } from './phone';

export interface MemberRowRecord {
  id: string;
  status: string;
  tier: string;
  phone_enc: string | null;
  referral_code: string;
  home_store_id: string | null;
  home_store_name: string | null;
  merged_into_id: string | null;
  earn_blocked: unknown;
  spend_blocked: unknown;
  block_reason: string | null;
  created_at: unknown;
}

export const MEMBER_ROW_SQL = `SELECT m.id, m.status, m.tier, m.phone_enc, m.referral_code, m.home_store_id, s.name AS home_store_name,
       m.merged_into_id, m.earn_blocked, m.spend_blocked, m.block_reason, m.created_at
  FROM members m LEFT JOIN stores s ON s.id = m.home_store_id`;

const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * HQ's member search. A phone is normalised and looked up through its blind index (the clear
 * number is never stored, so there is nothing else to search); `q` is an exact member id or
 * referral code; with neither, members newest first. Phones leave masked.
 */
export async function searchMembers(
  db: Tx,
  crypto: DataCrypto,
  query: AdminMemberSearchQuery,
): Promise<AdminMemberList> {
  if (query.phone) {
    const rows = await select<MemberRowRecord>(db, `${MEMBER_ROW_SQL} WHERE m.phone_index = ?`, [
      phoneIndexOf(crypto, normalizePhone(query.phone)),
    ]);
    return { items: rows.map((row) => memberRowOf(row, crypto)), nextCursor: null };
  }
  if (query.q) {
    const rows = await select<MemberRowRecord>(
      db,
      `${MEMBER_ROW_SQL} WHERE m.id = ? OR m.referral_code = ? ORDER BY m.id`,
      [query.q, query.q.toUpperCase()],
    );
    return { items: rows.map((row) => memberRowOf(row, crypto)), nextCursor: null };
  }
  if (query.cursor && !ULID_PATTERN.test(query.cursor)) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid.', {
      issues: [{ path: 'cursor', message: 'unknown cursor' }],
    });
  }
  const rows = await select<MemberRowRecord>(
    db,
    `${MEMBER_ROW_SQL}${query.cursor ? ' WHERE m.id < ?' : ''} ORDER BY m.id DESC LIMIT ?`,
    [...(query.cursor ? [query.cursor] : []), query.limit + 1],
  );
  const items = rows.slice(0, query.limit).map((row) => memberRowOf(row, crypto));
  return { items, nextCursor: rows.length > query.limit ? items[items.length - 1].id : null };
}

export function memberRowOf(row: MemberRowRecord, crypto: DataCrypto): AdminMemberRow {
  return {
    id: row.id,
    status: row.status,
    tier: row.tier,
    phoneMasked: row.phone_enc ? maskPhone(crypto.decrypt(row.phone_enc)) : null,
    referralCode: row.referral_code,
    homeStoreId: row.home_store_id,
    homeStoreName: row.home_store_name ?? null,
    mergedIntoId: row.merged_into_id,
    earnBlocked: Boolean(Number(row.earn_blocked)),
    spendBlocked: Boolean(Number(row.spend_blocked)),
    createdAt: readInstant(row.created_at).toISOString(),
  };
}
