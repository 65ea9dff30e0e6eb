import { select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { WechatApiError } from '../../wechat/errors';
import { giveBackSubscription, takeSubscription } from './subscriptions';

/** WeChat's "the user refused / has no subscription left" (WECHAT.md): the accept is gone there too. */
const NO_SUBSCRIPTION_LEFT = 43101;

const permanent = (message: string) => Object.assign(new Error(message), { retryable: false });
const usedUpAtWechat = (error: unknown) => error instanceof WechatApiError && error.errcode === NO_SUBSCRIPTION_LEFT;

export interface AcceptTarget {
  memberId: string;
  templateId: string;
}

async function openidOf(deps: AppDeps, memberId: string): Promise<string> {
  if (!deps.miniProgram) throw Object.assign(new Error('no mini-program client configured'), { retryable: true });
  const [identity] = await select<{ openid: string }>(
    deps.dataSource.manager,
    'SELECT openid FROM member_identities WHERE member_id = ? AND appid = ? ORDER BY openid LIMIT 1',
    [memberId, deps.config.WECHAT_APPID],
  );
  if (!identity) throw permanent('the member has no mini-program openid');
  return identity.openid;
}

/**
 * For a message that spends its accept when it is sent (expiry reminders): takes an accept of
 * the template, sends, and gives the accept back when the send failed in a way that did not use
 * it on WeChat's side (anything but 43101), so the outbox's retry can use it again.
 */
export async function sendOnAccept(
  deps: AppDeps,
  target: AcceptTarget,
  send: (openid: string) => Promise<unknown>,
): Promise<void> {
  const openid = await openidOf(deps, target.memberId);
  if (!(await takeSubscription(deps.dataSource.manager, target.memberId, target.templateId))) {
    throw permanent('the member has no accepted subscription left for this template');
  }
  try {
    await send(openid);
  } catch (error) {
    if (!usedUpAtWechat(error)) await giveBack(deps, target);
    throw error;
  }
}

/**
 * For a message that took its accept when it was queued (points changed, in the checkout): sends;
 * a failure the outbox will retry keeps the accept with the message, a final one gives it back
 * (unless WeChat says it is used up), so a later message can use it.
 */
export async function sendOnOwnedAccept(
  deps: AppDeps,
  message: { lastAttempt?: boolean },
  target: AcceptTarget,
  send: (openid: string) => Promise<unknown>,
): Promise<void> {
  try {
    await send(await openidOf(deps, target.memberId));
  } catch (error) {
    const final = (error as { retryable?: boolean }).retryable === false || message.lastAttempt === true;
    if (final && !usedUpAtWechat(error)) await giveBack(deps, target);
    throw error;
  }
}

function giveBack(deps: AppDeps, target: AcceptTarget): Promise<void> {
  return giveBackSubscription(deps.dataSource.manager, target.memberId, target.templateId, deps.clock.now());
}
