import { execute, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { undoMemberMove } from '../ledger';
import { rotateMemberCodeSecret } from '../member-code/member-code-secret';
import { revokeSessions } from '../members/revoke-sessions';
import { AppError } from '../shared/app-error';
import type { DataCrypto } from '../shared/data-crypto';
import { mergeHooks } from './merge-hooks';
import { lockMembers, type MemberRow, type MovedRelations } from './merge-members';

interface MergeRow {
  id: string;
  from_member_id: string;
  to_member_id: string;
  before_json: string;
  moved_json: string;
  undone_at: unknown;
}

/**
 * HQ undoes a wrong merge: the ledger reverses the MERGE transfers (or refuses, naming what the
 * survivor no longer holds), identities, staff roles and invitees go back, the absorbed member is
 * active again with its phone, and the survivor gets its own referrer/tier/home store/blocks back.
 * Whoever held a session on either side during the merge is cut off (issue #10): both members'
 * sessions are revoked and both member-code secrets rotated, so neither the token the merge
 * handed out nor a secret fetched through it still reaches the other person's account.
 */
export async function undoMerge(tx: Tx, crypto: DataCrypto, input: { mergeId: string; adminId: string; now: Date }) {
  const [merge] = await select<MergeRow>(tx, 'SELECT * FROM member_merges WHERE id = ?', [input.mergeId]);
  if (!merge) throw new AppError('NOT_FOUND', 'No such merge.', { mergeId: input.mergeId });
  const rows = await lockMembers(tx, [merge.from_member_id, merge.to_member_id]);
  const from = rows.get(merge.from_member_id) as MemberRow;
  const to = rows.get(merge.to_member_id) as MemberRow;
  const moved = JSON.parse(merge.moved_json) as MovedRelations;
  const before = JSON.parse(merge.before_json) as { fromRow: MemberRow };
  await assertUndoable(tx, merge, from, to, moved);
  await undoMemberMove(tx, { mergeId: merge.id, at: input.now });
  await restoreRelations(tx, merge, moved, before.fromRow, input.now);
  const context = { mergeId: merge.id, fromMemberId: from.id, toMemberId: to.id, at: input.now };
  for (const hook of mergeHooks) await hook.onUndo?.(tx, context);
  await revokeSessions(tx, [from.id, to.id]);
  await rotateSecretsIfIssued(tx, crypto, [from.id, to.id], input.now);
  await execute(tx, 'UPDATE member_merges SET undone_at = ?, undone_by = ? WHERE id = ?', [
    input.now,
    input.adminId,
    merge.id,
  ]);
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'member.merge.undo',
    targetType: 'member',
    targetId: from.id,
    before: { mergeId: merge.id, status: 'merged', mergedIntoId: to.id },
    after: { mergeId: merge.id, status: 'active' },
    at: input.now,
  });
  return { mergeId: merge.id, restoredMemberId: from.id, survivorId: to.id };
}

async function assertUndoable(tx: Tx, merge: MergeRow, from: MemberRow, to: MemberRow, moved: MovedRelations) {
  const refuse = (shortfall: Record<string, unknown>) => {
    throw new AppError('MERGE_NOT_UNDOABLE', 'The survivor no longer holds what this merge moved.', {
      mergeId: merge.id,
      shortfall,
    });
  };
  if (merge.undone_at) refuse({ alreadyUndone: true });
  if (from.status !== 'merged' || from.merged_into_id !== to.id) refuse({ absorbedStatus: from.status });
  if (to.status !== 'active') refuse({ survivorStatus: to.status, survivorMergedInto: to.merged_into_id });
  if (moved.identityIds.length > 0) {
    const held = await select<{ id: string }>(
      tx,
      `SELECT id FROM member_identities WHERE member_id = ? AND id IN (${moved.identityIds.map(() => '?').join(', ')})`,
      [to.id, ...moved.identityIds],
    );
    if (held.length !== moved.identityIds.length) refuse({ identitiesMissing: moved.identityIds.length - held.length });
  }
  if (from.phone_index === null) {
    const fromPhone = JSON.parse(merge.before_json).fromRow?.phone_index as string | null;
    if (fromPhone) {
      const [holder] = await select<{ id: string }>(tx, 'SELECT id FROM members WHERE phone_index = ?', [fromPhone]);
      // The survivor holding a phone it did not have before the merge gives it back below.
      const survivorGivesBack = holder?.id === to.id && phoneMovedBack(moved);
      if (holder && !survivorGivesBack) refuse({ phoneHeldBy: holder.id });
    }
  }
}

/** Merges recorded since blocks and phones are kept restore the survivor's own phone too. */
const phoneMovedBack = (moved: MovedRelations) => moved.survivorBefore.phoneIndex !== undefined;

async function rotateSecretsIfIssued(tx: Tx, crypto: DataCrypto, memberIds: string[], now: Date): Promise<void> {
  for (const memberId of memberIds) {
    const [row] = await select(tx, 'SELECT member_id FROM member_code_secrets WHERE member_id = ?', [memberId]);
    if (row) await rotateMemberCodeSecret(tx, crypto, memberId, now);
  }
}

async function restoreRelations(tx: Tx, merge: MergeRow, moved: MovedRelations, fromRow: MemberRow, now: Date) {
  const inList = (ids: string[]) => ids.map(() => '?').join(', ');
  const back = async (sql: string, ids: string[]) => {
    if (ids.length > 0)
      await execute(tx, sql.replace('(?*)', `(${inList(ids)})`), [merge.from_member_id, merge.to_member_id, ...ids]);
  };
  await back('UPDATE member_identities SET member_id = ? WHERE member_id = ? AND id IN (?*)', moved.identityIds);
  await back('UPDATE staff_roles SET member_id = ? WHERE member_id = ? AND id IN (?*)', moved.staffRoleIds);
  await back('UPDATE members SET referrer_id = ? WHERE referrer_id = ? AND id IN (?*)', moved.inviteeIds);
  const survivor = moved.survivorBefore;
  await execute(tx, 'UPDATE members SET referrer_id = ?, tier = ?, home_store_id = ?, updated_at = ? WHERE id = ?', [
    survivor.referrerId,
    survivor.tier,
    survivor.homeStoreId,
    now,
    merge.to_member_id,
  ]);
  if (survivor.earnBlocked !== undefined) {
    await execute(tx, 'UPDATE members SET earn_blocked = ?, spend_blocked = ?, block_reason = ? WHERE id = ?', [
      survivor.earnBlocked,
      survivor.spendBlocked ?? false,
      survivor.blockReason ?? null,
      merge.to_member_id,
    ]);
  }
  if (phoneMovedBack(moved)) {
    await execute(tx, 'UPDATE members SET phone_enc = ?, phone_index = ? WHERE id = ?', [
      survivor.phoneEnc ?? null,
      survivor.phoneIndex ?? null,
      merge.to_member_id,
    ]);
  }
  await execute(
    tx,
    `UPDATE members SET status = 'active', merged_into_id = NULL, phone_enc = ?, phone_index = ?, updated_at = ?
     WHERE id = ?`,
    [fromRow.phone_enc, fromRow.phone_index, now, merge.from_member_id],
  );
}
