import type { Config } from '../../../../config';
import {
  keyringFromConfig,
  type NotificationKeys,
  PayClient,
  type PayClientOptions,
  payOptionsFromConfig,
} from '../../wechat';

/**
 * What the WeChat Pay use cases reach: the v3 client (WECHATPAY_API_BASE, with timeouts) and the
 * keys that verify notifications (public-key mode from WECHATPAY_PUBLIC_KEY/_ID, platform
 * certificates fetched from /v3/certificates; both at once during WeChat's switch-over).
 */
export interface PayDeps {
  client: PayClient;
  keys: NotificationKeys;
  appid: string;
  mchid: string;
}

/** A place a test can make a transaction fail on purpose (e.g. between WeChat's answer and our commit). */
export interface Failpoints {
  hit(name: string): void | Promise<void>;
}

/** WeChat answers within this; a slower answer is a failure (the SDK itself has no timeout). */
export const PAY_TIMEOUT_MS = 8_000;

/** Pay is off (PAY_NOT_CONFIGURED) unless the merchant id, key, serial and APIv3 key are set. */
export function payDepsFromConfig(config: Config, overrides: Partial<PayClientOptions> = {}): PayDeps | undefined {
  if (!config.WECHATPAY_MCHID || !config.WECHATPAY_PRIVATE_KEY || !config.WECHATPAY_APIV3_KEY) return undefined;
  const client = new PayClient({ ...payOptionsFromConfig(config), timeoutMs: PAY_TIMEOUT_MS, ...overrides });
  const apiV3Key = config.WECHATPAY_APIV3_KEY;
  return {
    client,
    keys: { apiV3Key, platformKeys: keyringFromConfig(config, () => client.fetchPlatformCertificates(apiV3Key)) },
    appid: config.WECHAT_APPID,
    mchid: config.WECHATPAY_MCHID,
  };
}
