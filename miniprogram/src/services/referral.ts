import type { MyReferralResponse, ReferralLeaderboard } from '@tongka/shared-types';
import { request, requestBytes } from './http';

export type { MyReferralResponse, ReferralLeaderboard };

export function fetchMyReferral(): Promise<MyReferralResponse> {
  return request<MyReferralResponse>({ method: 'GET', path: '/api/me/referral' });
}

/** The member's mini-program code (JPEG bytes); the BFF fetches it from WeChat once and keeps it. */
export function fetchPosterCode(): Promise<ArrayBuffer> {
  return requestBytes('/api/me/referral/poster');
}

export function fetchLeaderboard(storeId: string): Promise<ReferralLeaderboard> {
  return request<ReferralLeaderboard>({
    method: 'GET',
    path: `/api/stores/${encodeURIComponent(storeId)}/referral/leaderboard`,
  });
}
