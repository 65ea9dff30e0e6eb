import { execute, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import { revokeSessions } from './revoke-sessions';

/**
 * Deletion on request (PIPL art. 47): the person's data goes (phone, name, WeChat links, staff
 * roles), the row stays as a tombstone with status 'deleted' so the ledger, which is append-only
 * and must keep summing to zero, still points at a real id. Balances are left as they are (not
 * forfeited to the chain): that keeps the ledger audit exact and HQ can settle any refund claim
 * from the audit trail; no one can sign in to spend them.
 */
export async function deleteMember(tx: Tx, memberId: string, now: Date): Promise<{ deleted: true }> {
  const changed = await execute(
    tx,
    `UPDATE members SET status = 'deleted', phone_enc = NULL, phone_index = NULL, name = NULL, updated_at = ?
     WHERE id = ? AND status = 'active'`,
    [now, memberId],
  );
  if (changed !== 1) throw new AppError('MEMBER_NOT_FOUND', 'No such active member.');
  const identities = await execute(tx, 'DELETE FROM member_identities WHERE member_id = ?', [memberId]);
  await execute(tx, 'UPDATE staff_roles SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL', [
    now,
    memberId,
  ]);
  await revokeSessions(tx, [memberId]);
  await recordAudit(tx, {
    actorType: 'member',
    actorId: memberId,
    action: 'member.delete',
    targetType: 'member',
    targetId: memberId,
    before: { status: 'active', identities },
    after: { status: 'deleted' },
    at: now,
  });
  return { deleted: true };
}
