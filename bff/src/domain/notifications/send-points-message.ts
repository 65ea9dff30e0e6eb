import { select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { localDate } from '../shared/chain-time';
import type { PointsMessage } from './queue-points-message';

/**
 * Outbox sender for POINTS_MESSAGE_KIND (the send-outbox job calls it after the checkout
 * committed). The accept was already spent when the message was queued; here we only need the
 * member's openid. Errors carry `retryable` for the outbox's backoff.
 */
export async function sendPointsMessage(deps: AppDeps, message: { payload: unknown }): Promise<void> {
  const payload = message.payload as PointsMessage;
  if (!deps.miniProgram) throw Object.assign(new Error('no mini-program client configured'), { retryable: true });
  const [identity] = await select<{ openid: string }>(
    deps.dataSource.manager,
    'SELECT openid FROM member_identities WHERE member_id = ? AND appid = ? ORDER BY openid LIMIT 1',
    [payload.memberId, deps.config.WECHAT_APPID],
  );
  if (!identity) throw Object.assign(new Error('the member has no mini-program openid'), { retryable: false });
  await deps.miniProgram.sendSubscribeMessage({
    touser: identity.openid,
    templateId: payload.templateId,
    page: 'pages/index/index',
    data: {
      thing1: payload.storeName.slice(0, 20),
      number2: String(payload.pointsEarned),
      number3: String(payload.pointsRedeemed),
      number4: String(payload.pointsBalance),
      date5: localDate(new Date(payload.at), deps.config.CHAIN_TIME_ZONE),
    },
  });
}
