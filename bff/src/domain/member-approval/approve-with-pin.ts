import type { MemberApproval } from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { approvalAtStore } from './approval-row';
import { assertPending, decideApproval } from './decide-approval';
import { checkPaymentPin } from './payment-pin';

/**
 * The fallback when the member's phone is not at hand: the member types their payment PIN on the
 * till. The request must be this store's and still pending; the PIN check commits its wrong-try
 * count on its own; then the same conditional decision as on the phone records the approval.
 */
export async function approveWithPin(
  deps: AppDeps,
  input: { storeId: string; approvalId: string; pin: string },
): Promise<MemberApproval> {
  const now = deps.clock.now();
  const row = await approvalAtStore(deps.dataSource.manager, input.storeId, input.approvalId);
  assertPending(row, now);
  await checkPaymentPin(deps.dataSource, row.member_id, input.pin, now);
  return inTransaction(deps.dataSource, (tx) =>
    decideApproval(tx, { approvalId: row.id, memberId: row.member_id, decision: 'approve', with: 'pin', now }),
  );
}
