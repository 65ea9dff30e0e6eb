import type { Platform } from './types';

export type { PaymentAnswer, PaymentRequest, PhoneCodeButtonProps, Platform } from './types';
export { DemoUserRequiredError } from './types';

/**
 * process.env.TARO_ENV is replaced at build time, so webpack drops the other platform's module
 * from the bundle entirely.
 */
export const platform: Platform =
  process.env.TARO_ENV === 'h5' ? require('./h5').h5Platform : require('./weapp').weappPlatform;
