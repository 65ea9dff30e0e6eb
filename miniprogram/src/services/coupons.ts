import type {
  CouponCenterItem,
  CouponGiftResponse,
  MemberCoupon,
  Reward,
  RewardExchange,
  RewardExchangeAnswer,
} from '@tongka/shared-types';
import { request } from './http';

export type CouponStatus = 'available' | 'used' | 'expired';

export function fetchMyCoupons(
  status: CouponStatus,
  cursor?: string | null,
): Promise<{ items: MemberCoupon[]; nextCursor: string | null }> {
  return request({ method: 'GET', path: '/api/me/coupons', query: { status, cursor, limit: 20 } });
}

export function fetchMyCoupon(couponId: string): Promise<MemberCoupon> {
  return request({ method: 'GET', path: `/api/me/coupons/${encodeURIComponent(couponId)}` });
}

/** Gives the coupon to the friend whose 邀请码 this is; the caller keeps the key until this succeeds. */
export function giftCoupon(
  couponId: string,
  recipientCode: string,
  idempotencyKey: string,
): Promise<CouponGiftResponse> {
  return request({
    method: 'POST',
    path: `/api/me/coupons/${encodeURIComponent(couponId)}/gift`,
    body: { recipientCode },
    idempotencyKey,
  });
}

export function fetchCouponCenter(): Promise<{ items: CouponCenterItem[] }> {
  return request({ method: 'GET', path: '/api/coupons/center' });
}

/** The caller keeps `idempotencyKey` until this succeeds, so a retried tap claims once. */
export function claimCoupon(templateId: string, idempotencyKey: string): Promise<MemberCoupon> {
  return request({ method: 'POST', path: '/api/coupons/claim', body: { templateId }, idempotencyKey });
}

export function fetchRewards(): Promise<{ items: Reward[] }> {
  return request({ method: 'GET', path: '/api/rewards' });
}

export function exchangeReward(
  rewardId: string,
  quantity: number,
  idempotencyKey: string,
): Promise<RewardExchangeAnswer> {
  return request({
    method: 'POST',
    path: `/api/rewards/${encodeURIComponent(rewardId)}/exchange`,
    body: { quantity },
    idempotencyKey,
  });
}

export function fetchMyExchanges(): Promise<{ items: RewardExchange[] }> {
  return request({ method: 'GET', path: '/api/me/reward-exchanges' });
}

/** Staff: a gift coupon handed over without a purchase. */
export function redeemGiftCoupon(storeId: string, couponCode: string, idempotencyKey: string): Promise<MemberCoupon> {
  return request({
    method: 'POST',
    path: `/api/stores/${encodeURIComponent(storeId)}/coupons/redeem`,
    body: { couponCode },
    idempotencyKey,
  });
}

/** Staff: a reward handed over at this store. */
export function verifyPickup(storeId: string, pickupCode: string, idempotencyKey: string): Promise<RewardExchange> {
  return request({
    method: 'POST',
    path: `/api/stores/${encodeURIComponent(storeId)}/pickups/verify`,
    body: { pickupCode },
    idempotencyKey,
  });
}
