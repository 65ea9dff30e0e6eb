import { type Config, loadConfig } from '../../config';

/** A complete production-mode config for tests; individual settings can be overridden. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig(
    {
      PORT: '0',
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/test',
      JWT_SECRET: 'test-jwt-secret-0123456789abcdef',
      DATA_KEY: Buffer.alloc(32, 3).toString('base64'),
      WECHAT_APPID: 'wxtest0000000000001',
      WECHAT_SECRET: 'test-secret',
      WECHAT_TEMPLATE_POINTS_CHANGED: 'test-template-points-changed',
      WECHAT_TEMPLATE_POINTS_EXPIRING: 'test-template-points-expiring',
      WECHAT_TEMPLATE_COUPON_RECEIVED: 'test-template-coupon-received',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      // no background jobs racing the tests; scheduler tests turn it on with their own clock
      SCHEDULER_ENABLED: 'false',
      ...overrides,
    },
    'production',
  );
}
