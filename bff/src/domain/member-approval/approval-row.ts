import type { MemberApproval, MemberApprovalKind, MemberApprovalStatus } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';

/** A request is good for 2 minutes: long enough to reach for the phone, short enough to be about this sale. */
export const MEMBER_APPROVAL_TTL_MS = 2 * 60 * 1000;

/** On the member's phone, with the payment PIN, or with the card's one-time approval code at the till. */
export type DecidedWith = 'phone' | 'pin' | 'code';

export interface ApprovalRow {
  id: string;
  kind: MemberApprovalKind;
  status: 'pending' | 'approved' | 'rejected' | 'used';
  store_id: string;
  store_name: string;
  member_id: string;
  requested_by: string;
  scan_id: string | null;
  amount_fen: number;
  points: number;
  stored_value_fen: number;
  decided_with: DecidedWith | null;
  created_at: Date;
  expires_at: Date;
}

const APPROVAL_SQL = `SELECT a.id, a.kind, a.status, a.store_id, s.name AS store_name, a.member_id, a.requested_by,
       a.scan_id, a.amount_fen, a.points, a.stored_value_fen, a.decided_with, a.created_at, a.expires_at
  FROM member_approvals a JOIN stores s ON s.id = a.store_id`;

function normalise(row: ApprovalRow): ApprovalRow {
  return {
    ...row,
    amount_fen: Number(row.amount_fen),
    points: Number(row.points),
    stored_value_fen: Number(row.stored_value_fen),
    created_at: readInstant(row.created_at),
    expires_at: readInstant(row.expires_at),
  };
}

export async function readApproval(db: Tx, id: string, lock = false): Promise<ApprovalRow | null> {
  const [row] = await select<ApprovalRow>(db, `${APPROVAL_SQL} WHERE a.id = ?${lock ? ' FOR UPDATE' : ''}`, [id]);
  return row ? normalise(row) : null;
}

/** The member's requests still waiting for them, oldest first (what the card shows). */
export async function pendingApprovalsOf(db: Tx, memberId: string, now: Date): Promise<ApprovalRow[]> {
  const rows = await select<ApprovalRow>(
    db,
    `${APPROVAL_SQL} WHERE a.member_id = ? AND a.status = 'pending' AND a.expires_at > ? ORDER BY a.created_at, a.id`,
    [memberId, now],
  );
  return rows.map(normalise);
}

/**
 * A request as a store sees it: another store's (or an unknown id) does not exist here, like a
 * scan of another store.
 */
export async function approvalAtStore(db: Tx, storeId: string, id: string): Promise<ApprovalRow> {
  const row = await readApproval(db, id);
  if (!row || row.store_id !== storeId) throw notFound(id);
  return row;
}

export const notFound = (approvalId: string) =>
  new AppError('MEMBER_APPROVAL_NOT_FOUND', 'No such member approval request here.', { approvalId });

export function statusAt(row: ApprovalRow, now: Date): MemberApprovalStatus {
  const live = row.status === 'pending' || row.status === 'approved';
  return live && row.expires_at.getTime() <= now.getTime() ? 'expired' : row.status;
}

export function toApproval(row: ApprovalRow, now: Date): MemberApproval {
  return {
    approvalId: row.id,
    kind: row.kind,
    status: statusAt(row, now),
    storeId: row.store_id,
    storeName: row.store_name,
    scanId: row.scan_id,
    amountFen: row.amount_fen,
    points: row.points,
    storedValueFen: row.stored_value_fen,
    decidedWith: row.decided_with,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
  };
}

/** The refusal for a request that can no longer be decided or used, by what became of it. */
export function notLive(row: ApprovalRow, now: Date): AppError {
  const details = { approvalId: row.id, status: statusAt(row, now) };
  switch (statusAt(row, now)) {
    case 'expired':
      return new AppError('MEMBER_APPROVAL_EXPIRED', 'The member approval request has expired; ask again.', details);
    case 'rejected':
      return new AppError('MEMBER_APPROVAL_REJECTED', 'The member declined this request.', details);
    case 'used':
      return new AppError('MEMBER_APPROVAL_USED', 'This approval was already used for a checkout.', details);
    default:
      return new AppError('MEMBER_APPROVAL_DECIDED', 'This request was already decided.', details);
  }
}
