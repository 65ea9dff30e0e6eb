/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.css';

/** Build-time defaults injected by config/index.ts (defineConstants). */
declare const TONGKA_API_BASE_DEFAULT: string;
declare const TONGKA_FAKE_WECHAT_BASE_DEFAULT: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5' | undefined;
  }
}
