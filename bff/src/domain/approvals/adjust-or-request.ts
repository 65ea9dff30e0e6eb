import type { AdjustRequest, Approval } from '@tongka/shared-types';
import { select, type Tx } from '../../db/tx';
import { adjustMember } from '../members/adjust-member';
import { ruleInForce } from '../rules/rule-store';
import { AppError } from '../shared/app-error';
import { requestApproval } from './approvals';

/**
 * A manual adjustment up to HQ's threshold applies at once; above it, it becomes a pending
 * approval that another admin must approve (maker/checker) and nothing moves yet.
 */
export async function adjustOrRequestApproval(
  tx: Tx,
  input: AdjustRequest & { memberId: string; adminId: string; operationId: string; now: Date },
): Promise<
  { pending: false; result: Awaited<ReturnType<typeof adjustMember>> } | { pending: true; approval: Approval }
> {
  const rule = (await ruleInForce(tx, 'approval')).rule;
  const threshold = input.asset === 'POINTS' ? rule.adjustPointsThreshold : rule.adjustFenThreshold;
  if (Math.abs(input.amount) <= threshold) return { pending: false, result: await adjustMember(tx, input) };
  const [member] = await select<{ status: string }>(tx, 'SELECT status FROM members WHERE id = ?', [input.memberId]);
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'No such member.', { memberId: input.memberId });
  const { memberId, adminId, operationId, now, ...request } = input;
  void operationId;
  return {
    pending: true,
    approval: await requestApproval(tx, { kind: 'member.adjust', targetId: memberId, request, adminId, now }),
  };
}
