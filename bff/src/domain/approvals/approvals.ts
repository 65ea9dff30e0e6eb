import type { AdjustRequest, Approval } from '@tongka/shared-types';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import { newestFirstPage } from '../shared/newest-first-page';
import { ulid } from '../shared/ulid';

export type ApprovalKind = 'member.adjust' | 'points.reinstate';

export interface ReinstateRequest {
  lotId: string;
  reason: string;
  points: number;
  issuingStoreId: string | null;
}

export interface ApprovalRow {
  id: string;
  kind: ApprovalKind;
  status: 'pending' | 'approved' | 'rejected';
  requested_by: string;
  target_id: string;
  request_json: string;
  decided_by: string | null;
  decided_at: unknown;
  note: string | null;
  result_json: string | null;
  created_at: unknown;
}

export function toApproval(row: ApprovalRow): Approval {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    requestedBy: row.requested_by,
    targetId: row.target_id,
    request: JSON.parse(row.request_json),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : readInstant(row.decided_at).toISOString(),
    note: row.note,
    result: row.result_json === null ? null : JSON.parse(row.result_json),
    createdAt: readInstant(row.created_at).toISOString(),
  };
}

/** Files a change that waits for a second admin (maker/checker); audited as `approval.request`. */
export async function requestApproval(
  tx: Tx,
  input: {
    kind: ApprovalKind;
    targetId: string;
    request: AdjustRequest | ReinstateRequest;
    adminId: string;
    now: Date;
  },
): Promise<Approval> {
  const id = ulid();
  await execute(
    tx,
    `INSERT INTO approvals (id, kind, status, requested_by, target_id, request_json, created_at)
     VALUES (?, ?, 'pending', ?, ?, ?, ?)`,
    [id, input.kind, input.adminId, input.targetId, JSON.stringify(input.request), input.now],
  );
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'approval.request',
    targetType: input.kind === 'member.adjust' ? 'member' : 'member',
    targetId: input.targetId,
    after: { approvalId: id, kind: input.kind, request: input.request },
    at: input.now,
  });
  return readApproval(tx, id);
}

export async function readApproval(db: Tx, id: string): Promise<Approval> {
  const [row] = await select<ApprovalRow>(db, 'SELECT * FROM approvals WHERE id = ?', [id]);
  if (!row) throw new AppError('APPROVAL_NOT_FOUND', 'No such approval request.', { id });
  return toApproval(row);
}

export function listApprovals(
  db: Tx,
  query: { status?: string; limit: number; cursor?: string },
): Promise<{ items: Approval[]; nextCursor: string | null }> {
  return newestFirstPage<ApprovalRow, Approval>(db, 'approvals', query, toApproval);
}
