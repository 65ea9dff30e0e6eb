import type { Approval } from '@tongka/shared-types';
import { execute, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { adjustMember } from '../members/adjust-member';
import { AppError } from '../shared/app-error';
import { type ApprovalRow, type ReinstateRequest, readApproval, toApproval } from './approvals';
import { applyReinstatement } from './reinstate-points';

/**
 * A second admin approves or rejects a pending change. The decision is one conditional UPDATE
 * (`status = 'pending' AND requested_by <> me`): of two admins approving at once exactly one
 * changes the row and applies the change, in the same transaction; the other finds it decided.
 */
export async function decideApproval(
  tx: Tx,
  input: { id: string; adminId: string; approve: boolean; note?: string; now: Date },
): Promise<Approval> {
  const status = input.approve ? 'approved' : 'rejected';
  const decided = await execute(
    tx,
    `UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, note = ?
      WHERE id = ? AND status = 'pending' AND requested_by <> ?`,
    [status, input.adminId, input.now, input.note ?? null, input.id, input.adminId],
  );
  const [row] = await select<ApprovalRow>(tx, 'SELECT * FROM approvals WHERE id = ?', [input.id]);
  if (decided !== 1) throw refusal(row, input.adminId);
  const result = input.approve ? await apply(tx, row, input.adminId, input.now) : null;
  if (result !== null) {
    await execute(tx, 'UPDATE approvals SET result_json = ? WHERE id = ?', [JSON.stringify(result), input.id]);
  }
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: `approval.${input.approve ? 'approve' : 'reject'}`,
    targetType: 'approval',
    targetId: input.id,
    before: { status: 'pending', requestedBy: row.requested_by },
    after: { status, note: input.note ?? null, result },
    at: input.now,
  });
  return readApproval(tx, input.id);
}

function refusal(row: ApprovalRow | undefined, adminId: string): AppError {
  if (!row) return new AppError('APPROVAL_NOT_FOUND', 'No such approval request.');
  if (row.status !== 'pending') {
    return new AppError('APPROVAL_NOT_PENDING', 'This request was already decided.', { status: row.status });
  }
  if (row.requested_by === adminId) {
    return new AppError('SELF_APPROVAL', 'A change must be approved by another administrator than its requester.');
  }
  return new AppError('APPROVAL_NOT_PENDING', 'This request was already decided.', {
    approval: toApproval(row).status,
  });
}

async function apply(tx: Tx, row: ApprovalRow, approverId: string, now: Date): Promise<unknown> {
  const request = JSON.parse(row.request_json);
  if (row.kind === 'member.adjust') {
    // The approval id is the operation id: the ledger key `adjust:<id>` applies it once, ever.
    return adjustMember(tx, { ...request, memberId: row.target_id, adminId: approverId, operationId: row.id, now });
  }
  return applyReinstatement(tx, {
    approvalId: row.id,
    memberId: row.target_id,
    request: request as ReinstateRequest,
    adminId: approverId,
    now,
  });
}
