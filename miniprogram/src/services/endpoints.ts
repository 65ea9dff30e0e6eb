import Taro from '@tarojs/taro';
import { browserQueryParam } from '../lib/query';

/**
 * Where the BFF and (H5 only) the fake WeChat server live. Weapp: the build-time default.
 * H5: `?api=` / `?wx=` in the page URL win, and are remembered for later pages of the session
 * because hash-route navigation drops them; then the build-time default.
 */
function fromQueryOrStorage(param: string, storageKey: string, fallback: string): string {
  if (process.env.TARO_ENV === 'h5') {
    const fromUrl = browserQueryParam(param);
    if (fromUrl) {
      Taro.setStorageSync(storageKey, fromUrl);
      return fromUrl.replace(/\/+$/, '');
    }
    const stored = Taro.getStorageSync(storageKey);
    if (typeof stored === 'string' && stored) return stored.replace(/\/+$/, '');
  }
  return fallback.replace(/\/+$/, '');
}

export function apiBase(): string {
  return fromQueryOrStorage('api', 'tongka.apiBase', TONGKA_API_BASE_DEFAULT);
}

export function fakeWechatBase(): string {
  return fromQueryOrStorage('wx', 'tongka.fakeWechatBase', TONGKA_FAKE_WECHAT_BASE_DEFAULT);
}
