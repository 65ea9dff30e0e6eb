import { deviceId } from '../lib/device-id';
import { platform } from '../platform';
import { request, setReauthenticator } from './http';
import {
  forgetCachedCard,
  getToken,
  markReferralSent,
  pendingReferralCode,
  saveLogin,
  tokenExpiresAtMs,
} from './session';
import type { BindPhoneResponse, WechatLoginRequest, WechatLoginResponse } from './types';

/** Renew a token this close to its expiry instead of waiting for a 401. */
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;

export function wechatLogin(body: WechatLoginRequest): Promise<WechatLoginResponse> {
  return request<WechatLoginResponse>({
    method: 'POST',
    path: '/api/auth/wechat-login',
    body,
    retryOnUnauthorized: false,
  });
}

let inFlight: Promise<WechatLoginResponse> | null = null;

/**
 * Silent sign-in: a fresh login code from the platform, the first-touch referral code (sent once),
 * and the token kept on the device. Concurrent callers share one attempt.
 */
export function signIn(options: { storeCode?: string } = {}): Promise<WechatLoginResponse> {
  if (inFlight) return inFlight;
  inFlight = (async () => {
    const code = await platform.login();
    const referralCode = pendingReferralCode();
    const result = await wechatLogin({
      code,
      referralCode,
      storeCode: options.storeCode,
      deviceId: deviceId(),
    });
    saveLogin(result.token, result.member, result.staff);
    if (referralCode) markReferralSent();
    return result;
  })();
  return inFlight.finally(() => {
    inFlight = null;
  });
}

/** True when there is a token that is not about to expire. */
export function hasFreshToken(nowMs = Date.now()): boolean {
  const token = getToken();
  if (!token) return false;
  const expiresAtMs = tokenExpiresAtMs(token);
  return expiresAtMs === null || expiresAtMs - nowMs > RENEW_BEFORE_MS;
}

export async function bindPhone(code: string): Promise<BindPhoneResponse> {
  const result = await request<BindPhoneResponse>({
    method: 'POST',
    path: '/api/me/phone',
    body: { code },
  });
  // After a merge the survivor's token replaces ours (API.md). The full phone number stays out of
  // device storage: only the login summary is kept.
  const { id, tier, phoneBound, referralCode } = result.member;
  saveLogin(result.token, { id, tier, phoneBound, referralCode });
  return result;
}

setReauthenticator(async (reason) => {
  // An ended session may mean the card changed under us (a merge undone, a secret rotated): the
  // cached member code and balances are dropped so the next screen fetches them afresh.
  if (reason === 'SESSION_REVOKED') forgetCachedCard();
  await signIn();
});
