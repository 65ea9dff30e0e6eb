import Taro from '@tarojs/taro';

const KEY = 'tongka.deviceId';

/**
 * A random id kept per install and sent at sign-in: several new members signing up from one
 * device hold their referrer's rebates for HQ review. Not cleared when the member signs out.
 */
export function deviceId(): string {
  const known = Taro.getStorageSync(KEY);
  if (typeof known === 'string' && known) return known;
  let fresh = 'd';
  while (fresh.length < 25) fresh += Math.random().toString(36).slice(2);
  fresh = fresh.slice(0, 25);
  Taro.setStorageSync(KEY, fresh);
  return fresh;
}
