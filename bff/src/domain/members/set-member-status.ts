import type { MemberStatusRequest } from '@tongka/shared-types';
import { execute, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { lockMembers } from '../identity/merge-members';
import { AppError } from '../shared/app-error';
import { revokeSessions } from './revoke-sessions';

interface StatusRow {
  status: string;
  earn_blocked: unknown;
  spend_blocked: unknown;
  block_reason: string | null;
}

/** HQ blocks or unblocks earning and spending for a member, with a reason; audited. */
export async function setMemberStatus(
  tx: Tx,
  input: MemberStatusRequest & { memberId: string; adminId: string; now: Date },
) {
  await lockMembers(tx, [input.memberId]);
  const [row] = await select<StatusRow>(
    tx,
    'SELECT status, earn_blocked, spend_blocked, block_reason FROM members WHERE id = ?',
    [input.memberId],
  );
  if (row.status !== 'active')
    throw new AppError('MEMBER_MERGED', 'This member was merged or deleted.', { status: row.status });
  await execute(
    tx,
    'UPDATE members SET earn_blocked = ?, spend_blocked = ?, block_reason = ?, updated_at = ? WHERE id = ?',
    [input.earnBlocked, input.spendBlocked, input.reason, input.now, input.memberId],
  );
  // A block takes effect on the member's open sessions too: the app signs in again and sees it.
  await revokeSessions(tx, [input.memberId]);
  const after = { earnBlocked: input.earnBlocked, spendBlocked: input.spendBlocked, blockReason: input.reason };
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'member.status',
    targetType: 'member',
    targetId: input.memberId,
    before: {
      earnBlocked: Boolean(row.earn_blocked),
      spendBlocked: Boolean(row.spend_blocked),
      blockReason: row.block_reason,
    },
    after,
    at: input.now,
  });
  return { id: input.memberId, ...after };
}
