import type { AppDeps } from '../deps';
import type { PointsExpiringPayload } from '../domain/ledger';
import { sendOnAccept } from '../domain/notifications/send-on-accept';
import { templateFor } from '../domain/notifications/subscriptions';
import { localDate } from '../domain/shared/chain-time';
import type { OutboxMessage } from './send-outbox';

/**
 * Sends "your points expire soon" as a WeChat subscribe message on one accept of the
 * points-expiring template (WECHAT.md: each accept allows one send); a failed send keeps the
 * accept for the retry.
 */
export async function sendPointsExpiring(deps: AppDeps, message: OutboxMessage): Promise<void> {
  const payload = message.payload as PointsExpiringPayload;
  const templateId = templateFor(deps.config, 'points-expiring');
  if (!templateId) {
    throw Object.assign(new Error('no points-expiring template is configured'), { retryable: false });
  }
  const expiresAt = new Date(payload.expiresAt);
  const [year, month, day] = localDate(expiresAt, deps.config.CHAIN_TIME_ZONE).split('-').map(Number);
  await sendOnAccept(deps, { memberId: payload.memberId, templateId }, (openid) =>
    deps.miniProgram!.sendSubscribeMessage({
      touser: openid,
      templateId,
      page: 'pages/index/index',
      data: { thing1: '积分即将过期', number2: String(payload.points), date3: `${year}年${month}月${day}日` },
    }),
  );
}
