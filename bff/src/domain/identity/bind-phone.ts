import type { BindPhoneRequest, BindPhoneResponse } from '@tongka/shared-types';
import { execute, inTransaction, isUniqueViolation, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { decryptLegacyPhone } from '../../wechat';
import { grantSignupGift } from '../engagement/member-gifts';
import { dataCryptoOf, miniProgramOf } from '../members/deps-helpers';
import { normalizePhone, phoneIndexOf } from '../members/phone';
import { AppError } from '../shared/app-error';
import { queueWebhookEvent } from '../webhooks/queue-webhook-event';
import { memberSummary } from './member-summary';
import { lockMembers, type MemberRow, mergeMembers, olderOf } from './merge-members';
import { resolveActiveMemberId } from './resolve-active-member';
import { callWechat } from './wechat-errors';

/**
 * Binds the phone WeChat vouches for. If another member already holds it, the two are merged in
 * the same transaction, the newer member into the older (DESIGN.md, Merge), whichever of them is
 * calling; blocks follow the stricter side. Reports who survived; the route hands out the
 * survivor's session.
 */
export async function bindPhone(
  deps: AppDeps,
  memberId: string,
  input: BindPhoneRequest,
): Promise<{ survivorId: string } & Omit<BindPhoneResponse, 'token'>> {
  const phone = await phoneFromWechat(deps, memberId, input);
  const { survivorId, merged } = await bindWithRetry(deps, memberId, phone);
  return {
    survivorId,
    member: { ...(await memberSummary(deps.dataSource.manager, survivorId)), phone },
    merged,
  };
}

async function phoneFromWechat(deps: AppDeps, memberId: string, input: BindPhoneRequest): Promise<string> {
  if ('code' in input) {
    const info = await callWechat(() => miniProgramOf(deps).getPhoneNumber(input.code));
    return normalizePhone(info.purePhoneNumber, info.countryCode);
  }
  const [identity] = await select<{ session_key_enc: string | null }>(
    deps.dataSource.manager,
    `SELECT session_key_enc FROM member_identities WHERE member_id = ? AND appid = ? AND session_key_enc IS NOT NULL
     ORDER BY updated_at DESC LIMIT 1`,
    [memberId, deps.config.WECHAT_APPID],
  );
  if (!identity?.session_key_enc) {
    throw new AppError('PHONE_DECRYPT_FAILED', 'Sign in with WeChat again before binding the phone this way.');
  }
  const info = await callWechat(async () =>
    decryptLegacyPhone({
      encryptedData: input.encryptedData,
      iv: input.iv,
      sessionKey: dataCryptoOf(deps).decrypt(identity.session_key_enc as string),
      appid: deps.config.WECHAT_APPID,
    }),
  );
  return normalizePhone(info.purePhoneNumber, info.countryCode);
}

/** Racing binds of one free number: the unique phone index lets one win; the other retries and merges. */
async function bindWithRetry(deps: AppDeps, memberId: string, phone: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(deps.dataSource, (tx) => bindInTx(tx, deps, memberId, phone));
    } catch (error) {
      if (!(isUniqueViolation(error) || error instanceof StaleRead) || attempt >= 5) throw error;
    }
  }
}

class StaleRead extends Error {}

async function bindInTx(tx: Tx, deps: AppDeps, tokenMemberId: string, phone: string) {
  const memberId = await resolveActiveMemberId(tx, tokenMemberId);
  if (!memberId) throw new AppError('UNAUTHENTICATED', 'This member account no longer exists; sign in again.');
  const crypto = dataCryptoOf(deps);
  const phoneIndex = phoneIndexOf(crypto, phone);
  const now = deps.clock.now();
  const [holder] = await select<{ id: string }>(tx, 'SELECT id FROM members WHERE phone_index = ?', [phoneIndex]);
  const rows = await lockMembers(tx, holder ? [memberId, holder.id] : [memberId]);
  // Re-read under the locks: a concurrent merge may have moved either side meanwhile.
  const [holderNow] = await select<{ id: string }>(tx, 'SELECT id FROM members WHERE phone_index = ?', [phoneIndex]);
  if (holderNow?.id !== holder?.id || rows.get(memberId)?.status !== 'active') throw new StaleRead();
  if (holder?.id === memberId) return { survivorId: memberId, merged: false };
  const setPhone = () =>
    execute(tx, 'UPDATE members SET phone_enc = ?, phone_index = ?, updated_at = ? WHERE id = ?', [
      crypto.encrypt(phone),
      phoneIndex,
      now,
      memberId,
    ]);
  if (!holder) {
    await setPhone();
    await grantSignupGift(tx, memberId, now, deps.config.CHAIN_TIME_ZONE);
    await queuePhoneBound(tx, memberId, now);
    return { survivorId: memberId, merged: false };
  }
  const survivor = olderOf(rows.get(memberId) as MemberRow, rows.get(holder.id) as MemberRow);
  const absorbed = survivor.id === memberId ? holder.id : memberId;
  const actor = { type: 'member' as const, id: memberId };
  await mergeMembers(tx, { fromMemberId: absorbed, toMemberId: survivor.id, reason: 'phone', actor, at: now }, rows);
  // The caller survived: the phone it proved moves to it from the (now merged) holder.
  if (survivor.id === memberId) await setPhone();
  await queuePhoneBound(tx, survivor.id, now, absorbed);
  return { survivorId: survivor.id, merged: true };
}

/** The `member.phone_bound` webhook event (the phone itself is never sent; a merge names the merged card). */
function queuePhoneBound(tx: Tx, memberId: string, at: Date, mergedFromId?: string) {
  return queueWebhookEvent(tx, {
    type: 'member.phone_bound',
    cause: `${memberId}:${at.getTime()}:${mergedFromId ?? ''}`,
    storeId: null,
    at,
    data: { memberId, mergedFromMemberId: mergedFromId ?? null },
  });
}
