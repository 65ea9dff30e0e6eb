import type { WechatLoginRequest, WechatLoginResponse } from '@tongka/shared-types';
import { execute, inTransaction, isUniqueViolation, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import type { WechatSession } from '../../wechat';
import { createMember } from '../members/create-member';
import { dataCryptoOf, miniProgramOf } from '../members/deps-helpers';
import { recordAttribution, resolveReferrer } from '../referral/attribute-new-member';
import { recordSignupDevice } from '../risk/signup-alerts';
import { ulid } from '../shared/ulid';
import { listStaffRoles } from '../staff/list-staff-roles';
import { findMemberByIdentity, type MemberByIdentity } from './find-member-by-identity';
import { memberSummary } from './member-summary';
import { callWechat } from './wechat-errors';

/**
 * WeChat login: code2session, then find the member by openid (or by unionid from another app),
 * or create one, attributed once to a valid referrer. The session_key is kept encrypted for the
 * legacy phone flow and never leaves the BFF. Reports who signed in; the route opens the session.
 */
export async function signInWithWechat(
  deps: AppDeps,
  input: WechatLoginRequest,
): Promise<{ memberId: string } & Omit<WechatLoginResponse, 'token'>> {
  const session = await callWechat(() => miniProgramOf(deps).code2Session(input.code));
  const memberId = await findOrCreateMember(deps, session, input);
  const db = deps.dataSource.manager;
  return {
    memberId,
    member: await memberSummary(db, memberId),
    staff: await listStaffRoles(db, memberId),
  };
}

/** Two first logins of one openid may race: the unique (appid, openid) decides, the loser retries and finds it. */
async function findOrCreateMember(deps: AppDeps, session: WechatSession, input: WechatLoginRequest): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await inTransaction(deps.dataSource, (tx) => linkSession(tx, deps, session, input));
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
    }
  }
}

async function linkSession(tx: Tx, deps: AppDeps, session: WechatSession, input: WechatLoginRequest): Promise<string> {
  const appid = deps.config.WECHAT_APPID;
  const now = deps.clock.now();
  const sessionKeyEnc = dataCryptoOf(deps).encrypt(session.sessionKey);
  const found: MemberByIdentity | null = await findMemberByIdentity(tx, appid, session);
  if (found?.identityId) {
    await execute(
      tx,
      'UPDATE member_identities SET session_key_enc = ?, unionid = COALESCE(?, unionid), updated_at = ? WHERE id = ?',
      [sessionKeyEnc, session.unionid ?? null, now, found.identityId],
    );
    return found.memberId;
  }
  const memberId = found?.memberId ?? (await createAttributedMember(tx, await withinSignupLimit(deps, input), now));
  await execute(
    tx,
    `INSERT INTO member_identities (id, member_id, appid, openid, unionid, session_key_enc, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [ulid(), memberId, appid, session.openid, session.unionid ?? null, sessionKeyEnc, now, now],
  );
  return memberId;
}

/**
 * Sign-up farming guard (issue #10): one referral code attributes at most the `referral-signup`
 * policy's number of new members per hour. Past it the newcomer still signs in, unattributed, as
 * with a stale poster: a refusal would lose a real shopper, not the farmer's rebate.
 */
async function withinSignupLimit(deps: AppDeps, input: WechatLoginRequest): Promise<WechatLoginRequest> {
  if (!input.referralCode) return input;
  try {
    await deps.rateLimits.take('referral-signup', input.referralCode);
    return input;
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'RATE_LIMITED') throw error;
    return { ...input, referralCode: undefined };
  }
}

/** Unknown store codes are ignored: a stale poster must not stop anyone signing in. */
async function storeIdByCode(tx: Tx, code: string): Promise<string | null> {
  const [row] = await select<{ id: string }>(tx, 'SELECT id FROM stores WHERE code = ?', [code]);
  return row?.id ?? null;
}

/**
 * A new member, attributed once to a valid referrer (referral/attribute-new-member.ts); a clerk's
 * card makes the clerk's store the new member's home store.
 */
async function createAttributedMember(tx: Tx, input: WechatLoginRequest, now: Date): Promise<string> {
  const referrer = input.referralCode ? await resolveReferrer(tx, { code: input.referralCode }) : null;
  const homeStoreId = referrer?.staffStoreId ?? (input.storeCode ? await storeIdByCode(tx, input.storeCode) : null);
  const created = await createMember(tx, { homeStoreId, referrerId: referrer?.referrerId ?? null, createdAt: now });
  if (referrer) await recordAttribution(tx, { refereeId: created.id, referrer, deviceId: input.deviceId, at: now });
  if (input.deviceId) await recordSignupDevice(tx, { memberId: created.id, deviceId: input.deviceId, at: now });
  return created.id;
}
