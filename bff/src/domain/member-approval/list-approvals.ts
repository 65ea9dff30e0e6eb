import type { MemberApprovalList } from '@tongka/shared-types';
import type { Tx } from '../../db/tx';
import { pendingApprovalsOf, toApproval } from './approval-row';

/** The requests waiting for the member, for the card's confirm sheet (read on its refresh tick). */
export async function listPendingApprovals(db: Tx, memberId: string, now: Date): Promise<MemberApprovalList> {
  const rows = await pendingApprovalsOf(db, memberId, now);
  return { items: rows.map((row) => toApproval(row, now)) };
}
