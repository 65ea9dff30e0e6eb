import type { MemberApproval, PinEntryRequest } from '@tongka/shared-types';
import { inTransaction } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { dataCryptoOf } from '../members/deps-helpers';
import { type CodeVerdict, codeRefusal, judgeApprovalCode } from './approval-code';
import { approvalAtStore } from './approval-row';
import { assertPending, decideApproval } from './decide-approval';
import { checkPaymentPin } from './payment-pin';

/**
 * The fallback when the member's phone is not at hand: the clerk types the member's payment PIN
 * or the one-time approval code the member's card shows offline. The request must be this
 * store's and still pending. The PIN check commits its wrong-try count on its own, then the same
 * conditional decision as on the phone records the approval. The code is checked, burned and the
 * approval decided in one transaction (a decision that fails gives the code back); a wrong code's
 * count is committed before the refusal is thrown.
 */
export async function approveAtTill(
  deps: AppDeps,
  input: { storeId: string; approvalId: string; entry: PinEntryRequest },
): Promise<MemberApproval> {
  const now = deps.clock.now();
  const row = await approvalAtStore(deps.dataSource.manager, input.storeId, input.approvalId);
  assertPending(row, now);
  const decide = { approvalId: row.id, memberId: row.member_id, decision: 'approve' as const, now };
  const code = input.entry.approvalCode;
  if (code === undefined) {
    await checkPaymentPin(deps.dataSource, row.member_id, input.entry.pin ?? '', now);
    return inTransaction(deps.dataSource, (tx) => decideApproval(tx, { ...decide, with: 'pin' }));
  }
  const outcome = await inTransaction<{ verdict: CodeVerdict; approval?: MemberApproval }>(
    deps.dataSource,
    async (tx) => {
      const verdict = await judgeApprovalCode(tx, dataCryptoOf(deps), { memberId: row.member_id, code, now });
      if (verdict.kind !== 'ok') return { verdict };
      return { verdict, approval: await decideApproval(tx, { ...decide, with: 'code' }) };
    },
  );
  if (outcome.verdict.kind !== 'ok') throw codeRefusal(outcome.verdict);
  return outcome.approval as MemberApproval;
}
