import type { AppDeps } from '../../deps';
import { localDate } from '../shared/chain-time';
import type { CouponReceivedMessage } from './queue-coupon-messages';
import { sendOnOwnedAccept } from './send-on-accept';

/** 2026-11-30 → 2026年11月30日 (WECHAT.md: the date fields' form). */
export function chineseDate(at: Date, timeZone: string): string {
  const [year, month, day] = localDate(at, timeZone).split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/**
 * Outbox sender for COUPON_RECEIVED_KIND: "优惠券到账" with the coupon's name, value and last
 * valid day, opening the coupon's page. The message took its accept when queued; a final failure
 * gives it back. Errors carry `retryable` for the outbox's backoff.
 */
export async function sendCouponReceivedMessage(
  deps: AppDeps,
  message: { payload: unknown; lastAttempt?: boolean },
): Promise<void> {
  const payload = message.payload as CouponReceivedMessage;
  await sendOnOwnedAccept(deps, message, payload, (openid) =>
    deps.miniProgram!.sendSubscribeMessage({
      touser: openid,
      templateId: payload.templateId,
      page: `member/pages/coupon-detail/index?id=${payload.couponId}`,
      data: {
        thing1: Array.from(payload.couponName).slice(0, 20).join(''),
        thing2: Array.from(payload.valueText).slice(0, 20).join(''),
        date3: chineseDate(new Date(payload.validUntil), deps.config.CHAIN_TIME_ZONE),
        thing4: '已放入您的卡包，到店出示即可使用',
      },
    }),
  );
}
