import type { MemberApproval } from '@tongka/shared-types';
import { execute, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import {
  type ApprovalRow,
  type DecidedWith,
  MEMBER_APPROVAL_TTL_MS,
  notFound,
  notLive,
  readApproval,
  toApproval,
} from './approval-row';
import { openLookupScan } from './phone-lookup';

export type Decision = 'approve' | 'reject';

/**
 * The member approves or declines on their phone, or the till records an approval by PIN. One
 * conditional UPDATE from `pending` decides: approve and reject sent at once cannot both win.
 * The same decision sent again (a double tap) answers the request as it is; the other one is
 * refused. An approval gives the till a fresh 2 minutes; an approved phone lookup opens the scan
 * the POS checks out with.
 */
export async function decideApproval(
  tx: Tx,
  input: { approvalId: string; memberId: string; decision: Decision; with: DecidedWith; now: Date },
): Promise<MemberApproval> {
  const { now } = input;
  const row = await readApproval(tx, input.approvalId);
  if (!row || row.member_id !== input.memberId) throw notFound(input.approvalId);
  const target = input.decision === 'approve' ? 'approved' : 'rejected';
  const changed = await execute(
    tx,
    `UPDATE member_approvals SET status = ?, decided_with = ?, decided_at = ?, expires_at = ?
      WHERE id = ? AND status = 'pending' AND expires_at > ?`,
    [target, input.with, now, new Date(now.getTime() + MEMBER_APPROVAL_TTL_MS), row.id, now],
  );
  const decided = await readApproval(tx, row.id);
  if (!decided) throw notFound(row.id);
  if (changed !== 1) {
    if (sameDecision(decided, target, input.with)) return toApproval(decided, now);
    throw notLive(decided, now);
  }
  if (target === 'approved' && decided.kind === 'phone-lookup') {
    await openLookupScan(tx, decided, now);
    return toApproval((await readApproval(tx, row.id)) ?? decided, now);
  }
  return toApproval(decided, now);
}

function sameDecision(row: ApprovalRow, target: 'approved' | 'rejected', decidedWith: DecidedWith): boolean {
  if (row.decided_with !== decidedWith) return false;
  return row.status === target || (target === 'approved' && row.status === 'used');
}

/** The till's side: a request of its store still waiting for the member. */
export function assertPending(row: ApprovalRow, now: Date): void {
  if (row.status === 'pending' && row.expires_at.getTime() > now.getTime()) return;
  throw notLive(row, now);
}

export const approvalPending = (approvalId: string) =>
  new AppError('MEMBER_APPROVAL_PENDING', 'The member has not approved yet.', { approvalId });
