import type { FakeWechat } from './index';

/** The WECHAT_* and WECHATPAY_* settings that point a BFF at this fake server. */
export function bffSettingsFor(fake: FakeWechat) {
  return {
    WECHAT_APPID: fake.appid,
    WECHAT_SECRET: fake.secret,
    WECHAT_API_BASE: fake.url,
    WECHATPAY_MCHID: fake.mchid,
    WECHATPAY_SERIAL: fake.merchant.serial,
    WECHATPAY_PRIVATE_KEY: fake.merchant.privateKeyPath,
    WECHATPAY_CERT: fake.merchant.certPath,
    WECHATPAY_PUBLIC_KEY: fake.platform.publicKeyPath,
    WECHATPAY_PUBLIC_KEY_ID: fake.platform.publicKeyId,
    WECHATPAY_APIV3_KEY: fake.apiV3Key,
    WECHATPAY_API_BASE: fake.url,
  };
}
