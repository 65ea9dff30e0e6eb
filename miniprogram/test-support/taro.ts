import { useEffect } from 'react';

/**
 * An in-memory stand-in for @tarojs/taro: storage, an interceptor chain shaped like Taro's, and a
 * request handler each test sets to play the BFF. Navigation calls are recorded.
 */
type Params = {
  url: string;
  method?: string;
  header?: Record<string, string>;
  data?: unknown;
};
type Response = {
  statusCode: number;
  data: unknown;
  header?: Record<string, string>;
};
type Chain = {
  requestParams: Params;
  proceed: (params: Params) => Promise<Response>;
};
type Interceptor = (chain: Chain) => Promise<Response>;

const storage = new Map<string, unknown>();
const interceptors: Interceptor[] = [];

export const fake = {
  requests: [] as Params[],
  handler: (_params: Params): Promise<Response> => Promise.reject({ errMsg: 'request:fail no handler' }),
  navigations: [] as Array<{ kind: string; url?: string }>,
  /** What useRouter().params answers (a page's query). */
  routerParams: {} as Record<string, string>,
  /** The page stack getCurrentPages answers, bottom first. */
  pages: [] as Array<{ route: string }>,
  reset() {
    this.pages = [];
    // Interceptors stay: services/http.ts installs them once per module instance, as in the app.
    storage.clear();
    this.requests = [];
    this.navigations = [];
    this.routerParams = {};
    this.handler = () => Promise.reject({ errMsg: 'request:fail no handler' });
  },
};

function runChain(index: number, params: Params): Promise<Response> {
  if (index >= interceptors.length) {
    fake.requests.push(params);
    return fake.handler(params);
  }
  return interceptors[index]({
    requestParams: params,
    proceed: (next) => runChain(index + 1, next),
  });
}

const navigate =
  (kind: string) =>
  (options: { url?: string } = {}) => {
    fake.navigations.push({ kind, url: options.url });
    return Promise.resolve();
  };

const Taro = {
  request: (params: Params) => runChain(0, { ...params, header: { ...params.header } }),
  addInterceptor: (interceptor: Interceptor) => {
    interceptors.push(interceptor);
  },
  getStorageSync: (key: string) => (storage.has(key) ? JSON.parse(JSON.stringify(storage.get(key))) : ''),
  setStorageSync: (key: string, value: unknown) => {
    storage.set(key, JSON.parse(JSON.stringify(value)));
  },
  removeStorageSync: (key: string) => {
    storage.delete(key);
  },
  login: () => Promise.resolve({ code: 'login-code' }),
  scanCode: () => Promise.reject({ errMsg: 'scanCode:fail cancel' }),
  getScreenBrightness: () => Promise.resolve({ value: 0.5 }),
  setScreenBrightness: () => Promise.resolve(),
  setKeepScreenOn: () => Promise.resolve(),
  showToast: () => Promise.resolve(),
  showModal: () => Promise.resolve({ confirm: true, cancel: false }),
  stopPullDownRefresh: () => undefined,
  navigateTo: navigate('navigateTo'),
  redirectTo: navigate('redirectTo'),
  switchTab: navigate('switchTab'),
  reLaunch: navigate('reLaunch'),
  navigateBack: navigate('navigateBack'),
  getCurrentPages: () => fake.pages,
};

export function useDidShow(callback: () => void) {
  // biome-ignore lint/correctness/useExhaustiveDependencies: like Taro, runs on first show only here
  useEffect(() => callback(), []);
}
export const useDidHide = (_callback: () => void) => undefined;
export const usePullDownRefresh = (_callback: () => void) => undefined;
export const useReachBottom = (_callback: () => void) => undefined;
export const useLaunch = (_callback: () => void) => undefined;
export const useRouter = () => ({ params: fake.routerParams });
/** The last share card a page registered (WeChat asks the page when the member shares). */
export let lastShare: (() => { title?: string; path?: string }) | null = null;
export const useShareAppMessage = (callback: () => { title?: string; path?: string }) => {
  lastShare = callback;
};

export default Taro;
