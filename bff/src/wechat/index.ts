/** WeChat clients of the BFF: mini-program API, WeChat Pay v3, notification verification. */
export * from './access-token-store';
export * from './errors';
export * from './legacy-phone-decrypt';
export * from './mini-program-client';
export * from './pay-client';
export * from './pay-notification';
export * from './pay-types';
export * from './platform-keyring';
