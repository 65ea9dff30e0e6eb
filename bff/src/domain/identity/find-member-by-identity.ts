import { execute, select, type Tx } from '../../db/tx';
import { resolveActiveMemberId } from './resolve-active-member';

export interface MemberByIdentity {
  memberId: string;
  /** Set when this very (appid, openid) is known; null when only the unionid matched. */
  identityId: string | null;
}

/**
 * The active member behind a WeChat session: by (appid, openid) first, then by unionid (the same
 * person in another app of the same Open Platform account). Identities of merged members were
 * moved to the survivor, but we still follow merge pointers in case of a stale row.
 */
export async function findMemberByIdentity(
  tx: Tx,
  appid: string,
  session: { openid: string; unionid?: string },
): Promise<MemberByIdentity | null> {
  const [own] = await select<{ id: string; member_id: string }>(
    tx,
    'SELECT id, member_id FROM member_identities WHERE appid = ? AND openid = ?',
    [appid, session.openid],
  );
  if (own) {
    const memberId = await resolveActiveMemberId(tx, own.member_id);
    if (memberId) return { memberId, identityId: own.id };
    // A link left to a deleted member is dead: drop it so this openid starts afresh.
    await execute(tx, 'DELETE FROM member_identities WHERE id = ?', [own.id]);
  }
  if (!session.unionid) return null;
  const linked = await select<{ member_id: string }>(
    tx,
    'SELECT member_id FROM member_identities WHERE unionid = ? ORDER BY created_at',
    [session.unionid],
  );
  for (const row of linked) {
    const memberId = await resolveActiveMemberId(tx, row.member_id);
    if (memberId) return { memberId, identityId: null };
  }
  return null;
}
