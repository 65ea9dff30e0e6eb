import { execute, readInstant, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { getMemberBalances, moveMemberInto } from '../ledger';
import { higherTier } from '../members/member-keys';
import { revokeSessions } from '../members/revoke-sessions';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { mergeHooks } from './merge-hooks';

export interface MemberRow {
  id: string;
  status: string;
  tier: string;
  referrer_id: string | null;
  home_store_id: string | null;
  phone_enc: string | null;
  phone_index: string | null;
  merged_into_id: string | null;
  earn_blocked: unknown;
  spend_blocked: unknown;
  block_reason: string | null;
  created_at: unknown;
}

/** DESIGN.md, Merge: the newer member merges into the older (ties: the smaller id, ULIDs sort by time). */
export function olderOf(a: MemberRow, b: MemberRow): MemberRow {
  const at = readInstant(a.created_at).getTime();
  const bt = readInstant(b.created_at).getTime();
  if (at !== bt) return at < bt ? a : b;
  return a.id < b.id ? a : b;
}

/** Locks member rows in id order (STYLE.md point 5) so two merges touching one member cannot deadlock. */
export async function lockMembers(tx: Tx, ids: string[]): Promise<Map<string, MemberRow>> {
  const rows = new Map<string, MemberRow>();
  for (const id of [...new Set(ids)].sort()) {
    const [row] = await select<MemberRow>(
      tx,
      `SELECT id, status, tier, referrer_id, home_store_id, phone_enc, phone_index, merged_into_id, earn_blocked,
              spend_blocked, block_reason, created_at
       FROM members WHERE id = ? ${isSqliteTx(tx) ? '' : 'FOR UPDATE'}`,
      [id],
    );
    if (!row) throw new AppError('MEMBER_NOT_FOUND', 'No such member.', { memberId: id });
    rows.set(id, row);
  }
  return rows;
}

export function isSqliteTx(tx: Tx): boolean {
  return tx.connection.options.type === 'better-sqlite3';
}

export interface MergeInput {
  fromMemberId: string;
  toMemberId: string;
  reason: 'phone' | 'import';
  actor: { type: 'member' | 'admin' | 'system'; id: string };
  at: Date;
}

/**
 * Merges `from` into `to` inside the caller's transaction (rows already locked by the caller):
 * balances and lots as MERGE transfers, identities, referral edges, tier, staff roles, then the
 * registered hooks; `from` becomes a 'merged' pointer to `to`. One member_merges row keeps
 * before/after balances and what moved, for audit and undo.
 */
export async function mergeMembers(tx: Tx, input: MergeInput, rows: Map<string, MemberRow>): Promise<string> {
  const from = rows.get(input.fromMemberId);
  const to = rows.get(input.toMemberId);
  if (!from || !to || from.status !== 'active' || to.status !== 'active' || from.id === to.id) {
    throw new AppError('MEMBER_MERGED', 'These members cannot be merged as they are now.');
  }
  const mergeId = ulid();
  const before = await balancesOf(tx, from.id, to.id);
  const moved = await moveRelations(tx, from, to, input.at);
  const ledger = await moveMemberInto(tx, { fromMemberId: from.id, toMemberId: to.id, mergeId, at: input.at });
  await execute(
    tx,
    `UPDATE members SET status = 'merged', merged_into_id = ?, phone_enc = NULL, phone_index = NULL, updated_at = ?
     WHERE id = ?`,
    [to.id, input.at, from.id],
  );
  // The absorbed member's tokens stop working; its app signs in again and lands on the survivor.
  await revokeSessions(tx, [from.id]);
  const context = { mergeId, fromMemberId: from.id, toMemberId: to.id, at: input.at };
  for (const hook of mergeHooks) await hook.onMerge(tx, context);
  const after = await balancesOf(tx, from.id, to.id);
  await execute(
    tx,
    `INSERT INTO member_merges (id, from_member_id, to_member_id, reason, actor_type, actor_id, before_json, after_json,
       moved_json, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      mergeId,
      from.id,
      to.id,
      input.reason,
      input.actor.type,
      input.actor.id,
      JSON.stringify({ ...before, fromRow: from, toRow: to }),
      JSON.stringify(after),
      JSON.stringify({ ...moved, ledger: ledger.moved }),
      input.at,
    ],
  );
  await recordAudit(tx, {
    actorType: input.actor.type,
    actorId: input.actor.id,
    action: 'member.merge',
    targetType: 'member',
    targetId: to.id,
    before: { mergeId, absorbedId: from.id, ...before },
    after: { mergeId, ...after },
    at: input.at,
  });
  return mergeId;
}

async function balancesOf(tx: Tx, fromId: string, toId: string) {
  return { from: await getMemberBalances(tx, fromId), to: await getMemberBalances(tx, toId) };
}

export interface MovedRelations {
  identityIds: string[];
  staffRoleIds: string[];
  inviteeIds: string[];
  /** The survivor's referrer/tier/home store/blocks before the merge, restored on undo. */
  survivorBefore: {
    referrerId: string | null;
    tier: string;
    homeStoreId: string | null;
    /** Absent on merges recorded before blocks were carried. */
    earnBlocked?: boolean;
    spendBlocked?: boolean;
    blockReason?: string | null;
    phoneEnc?: string | null;
    phoneIndex?: string | null;
  };
}

/**
 * Referral edges: the survivor keeps its own referrer (or, having none, takes the absorbed one's);
 * the absorbed member's invitees now point at the survivor; an edge that would point a member at
 * itself is dropped.
 */
async function moveRelations(tx: Tx, from: MemberRow, to: MemberRow, at: Date): Promise<MovedRelations> {
  const ids = async (sql: string, params: unknown[]) =>
    (await select<{ id: string }>(tx, sql, params)).map((r) => r.id);
  const identityIds = await ids('SELECT id FROM member_identities WHERE member_id = ?', [from.id]);
  const staffRoleIds = await ids('SELECT id FROM staff_roles WHERE member_id = ? AND revoked_at IS NULL', [from.id]);
  const inviteeIds = await ids('SELECT id FROM members WHERE referrer_id = ? AND id <> ?', [from.id, to.id]);
  await execute(tx, 'UPDATE member_identities SET member_id = ?, updated_at = ? WHERE member_id = ?', [
    to.id,
    at,
    from.id,
  ]);
  await execute(tx, 'UPDATE staff_roles SET member_id = ? WHERE member_id = ? AND revoked_at IS NULL', [
    to.id,
    from.id,
  ]);
  await execute(tx, 'UPDATE members SET referrer_id = ? WHERE referrer_id = ? AND id <> ?', [to.id, from.id, to.id]);
  let referrerId = to.referrer_id ?? from.referrer_id;
  if (referrerId === to.id || referrerId === from.id) referrerId = null;
  await execute(tx, 'UPDATE members SET referrer_id = ?, tier = ?, home_store_id = ?, updated_at = ? WHERE id = ?', [
    referrerId,
    higherTier(to.tier, from.tier),
    to.home_store_id ?? from.home_store_id,
    at,
    to.id,
  ]);
  await carryBlocks(tx, from, to);
  return {
    identityIds,
    staffRoleIds,
    inviteeIds,
    survivorBefore: {
      referrerId: to.referrer_id,
      tier: to.tier,
      homeStoreId: to.home_store_id,
      earnBlocked: flag(to.earn_blocked),
      spendBlocked: flag(to.spend_blocked),
      blockReason: to.block_reason,
      phoneEnc: to.phone_enc,
      phoneIndex: to.phone_index,
    },
  };
}

const flag = (value: unknown) => Boolean(Number(value));

/**
 * Blocks follow the stricter side (issue #10): a blocked member who merges with an unblocked
 * account of theirs, either way round, leaves the survivor blocked, so no merge unfreezes a balance.
 */
async function carryBlocks(tx: Tx, from: MemberRow, to: MemberRow): Promise<void> {
  const earnBlocked = flag(from.earn_blocked) || flag(to.earn_blocked);
  const spendBlocked = flag(from.spend_blocked) || flag(to.spend_blocked);
  if (earnBlocked === flag(to.earn_blocked) && spendBlocked === flag(to.spend_blocked)) return;
  const reason = to.block_reason ?? from.block_reason ?? 'carried over by a merge';
  await execute(tx, 'UPDATE members SET earn_blocked = ?, spend_blocked = ?, block_reason = ? WHERE id = ?', [
    earnBlocked,
    spendBlocked,
    reason,
    to.id,
  ]);
}
