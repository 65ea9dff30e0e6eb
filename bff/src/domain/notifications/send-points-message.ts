import type { AppDeps } from '../../deps';
import { localDate } from '../shared/chain-time';
import type { PointsMessage } from './queue-points-message';
import { sendOnOwnedAccept } from './send-on-accept';

/**
 * Outbox sender for POINTS_MESSAGE_KIND (the send-outbox job calls it after the checkout
 * committed). The message took its accept when queued; a final failure gives it back. Errors
 * carry `retryable` for the outbox's backoff.
 */
export async function sendPointsMessage(
  deps: AppDeps,
  message: { payload: unknown; lastAttempt?: boolean },
): Promise<void> {
  const payload = message.payload as PointsMessage;
  await sendOnOwnedAccept(deps, message, payload, (openid) =>
    deps.miniProgram!.sendSubscribeMessage({
      touser: openid,
      templateId: payload.templateId,
      page: 'pages/index/index',
      data: {
        thing1: payload.storeName.slice(0, 20),
        number2: String(payload.pointsEarned),
        number3: String(payload.pointsRedeemed),
        number4: String(payload.pointsBalance),
        date5: localDate(new Date(payload.at), deps.config.CHAIN_TIME_ZONE),
      },
    }),
  );
}
