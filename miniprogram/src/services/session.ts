import Taro from '@tarojs/taro';
import { base64ToText } from '../lib/base64';
import type { LoginMember, Me, MemberCodeSecret, StaffRole } from './types';

/**
 * Everything the app keeps on the device, behind one module so that storage keys live in one
 * place and "delete my data" can clear all of them.
 */
const KEYS = {
  token: 'tongka.token',
  member: 'tongka.member',
  staff: 'tongka.staff',
  referral: 'tongka.referralCode',
  referralSent: 'tongka.referralSent',
  codeSecret: 'tongka.memberCodeSecret',
  meSnapshot: 'tongka.meSnapshot',
  openid: 'tongka.demoOpenid',
} as const;

function read<T>(key: string): T | null {
  const value = Taro.getStorageSync(key);
  return value === '' || value === undefined || value === null ? null : (value as T);
}

export function getToken(): string | null {
  return read<string>(KEYS.token);
}

export function saveLogin(token: string, member: LoginMember, staff?: StaffRole[]): void {
  // Another member now (a merge's survivor, another demo user): the cached code and balances
  // belong to the old one and must not be shown.
  if (getMember()?.id !== member.id) {
    Taro.removeStorageSync(KEYS.codeSecret);
    Taro.removeStorageSync(KEYS.meSnapshot);
  }
  Taro.setStorageSync(KEYS.token, token);
  Taro.setStorageSync(KEYS.member, member);
  if (staff) Taro.setStorageSync(KEYS.staff, staff);
}

export function getMember(): LoginMember | null {
  return read<LoginMember>(KEYS.member);
}

/** After a staff invite is bound: the roles the BFF now lists for this member. */
export function saveStaffRoles(staff: StaffRole[]): void {
  Taro.setStorageSync(KEYS.staff, staff);
}

export function getStaffRoles(): StaffRole[] {
  return read<StaffRole[]>(KEYS.staff) ?? [];
}

/** Milliseconds since epoch at which the JWT expires, or null when it cannot be read. */
export function tokenExpiresAtMs(token: string): number | null {
  try {
    const payload = JSON.parse(base64ToText(token.split('.')[1] ?? '')) as {
      exp?: number;
    };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Keeps only the first referral code ever seen (first touch wins, WECHAT.md "Share cards"). */
export function rememberReferralCode(code: string | undefined): void {
  if (code && !read<string>(KEYS.referral)) Taro.setStorageSync(KEYS.referral, code);
}

/** The referral code still to be sent with the next login, if it was never sent. */
export function pendingReferralCode(): string | undefined {
  if (read<boolean>(KEYS.referralSent)) return undefined;
  return read<string>(KEYS.referral) ?? undefined;
}

export function markReferralSent(): void {
  Taro.setStorageSync(KEYS.referralSent, true);
}

export function getCachedCodeSecret(): MemberCodeSecret | null {
  return read<MemberCodeSecret>(KEYS.codeSecret);
}

export function cacheCodeSecret(secret: MemberCodeSecret): void {
  Taro.setStorageSync(KEYS.codeSecret, secret);
}

export interface MeSnapshot {
  me: Me;
  savedAtMs: number;
}

export function getMeSnapshot(): MeSnapshot | null {
  return read<MeSnapshot>(KEYS.meSnapshot);
}

export function saveMeSnapshot(me: Me, savedAtMs = Date.now()): void {
  Taro.setStorageSync(KEYS.meSnapshot, { me, savedAtMs });
}

/** H5 demo only: which fake-WeChat user this browser signs in as. */
export function getDemoOpenid(): string | null {
  return read<string>(KEYS.openid);
}

export function setDemoOpenid(openid: string): void {
  Taro.setStorageSync(KEYS.openid, openid);
}

/** Drops the cached member-code secret and balances (they are fetched again on the next screen). */
export function forgetCachedCard(): void {
  Taro.removeStorageSync(KEYS.codeSecret);
  Taro.removeStorageSync(KEYS.meSnapshot);
}

/** Forgets the member on this device (after "delete my data", or to switch users in the demo). */
export function clearSession(): void {
  for (const key of Object.values(KEYS)) {
    if (key !== KEYS.referral && key !== KEYS.referralSent) Taro.removeStorageSync(key);
  }
}
