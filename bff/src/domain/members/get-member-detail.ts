import type { AdminMemberDetail, AdminMerge } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { expiringSoon, getMemberBalances } from '../ledger';
import { EXPIRING_SOON_DAYS } from '../ledger/member-overview';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { MEMBER_ROW_SQL, type MemberRowRecord, memberRowOf } from './search-members';

/** HQ's view of one member: profile and status, balances, what expires soon, merges in and out. */
export async function getMemberDetail(
  db: Tx,
  crypto: DataCrypto,
  memberId: string,
  asOf: Date,
): Promise<AdminMemberDetail> {
  const [row] = await select<MemberRowRecord>(db, `${MEMBER_ROW_SQL} WHERE m.id = ?`, [memberId]);
  if (!row) throw new AppError('MEMBER_NOT_FOUND', 'No such member.');
  const balances = await getMemberBalances(db, memberId);
  const expiring = await expiringSoon(db, memberId, asOf, EXPIRING_SOON_DAYS);
  return {
    ...memberRowOf(row, crypto),
    blockReason: row.block_reason,
    points: balances.points,
    storedValueFen: balances.storedValueFen,
    pendingPoints: balances.pendingPoints,
    pointsDebt: balances.pointsDebt,
    expiringSoon: expiring.map((e) => ({ points: e.points, expiresAt: e.expiresAt.toISOString() })),
    merges: await mergesOf(db, memberId),
  };
}

async function mergesOf(db: Tx, memberId: string): Promise<AdminMerge[]> {
  const rows = await select<{
    id: string;
    from_member_id: string;
    to_member_id: string;
    reason: string;
    created_at: unknown;
    undone_at: unknown;
  }>(
    db,
    `SELECT id, from_member_id, to_member_id, reason, created_at, undone_at FROM member_merges
      WHERE from_member_id = ? OR to_member_id = ? ORDER BY id DESC LIMIT 50`,
    [memberId, memberId],
  );
  return rows.map((merge) => ({
    id: merge.id,
    fromMemberId: merge.from_member_id,
    toMemberId: merge.to_member_id,
    reason: merge.reason,
    createdAt: readInstant(merge.created_at).toISOString(),
    undoneAt: merge.undone_at ? readInstant(merge.undone_at).toISOString() : null,
  }));
}
