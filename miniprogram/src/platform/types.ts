import type { ComponentType } from 'react';

export interface PhoneCodeButtonProps {
  /** the one-time code for POST /api/me/phone */
  onCode: (code: string) => void;
  onError: (message: string) => void;
  disabled?: boolean;
}

/**
 * Everything that differs between WeChat and a browser. Pages and services use only this; the
 * H5 build swaps in browser equivalents that talk to the fake WeChat server.
 */
export interface Platform {
  kind: 'weapp' | 'h5';
  /** a one-time login code for POST /api/auth/wechat-login */
  login(): Promise<string>;
  /** true when scanCode opens a camera; otherwise the UI shows manual entry only */
  canScanWithCamera: boolean;
  /** the scanned text, or null when cancelled or unavailable */
  scanCode(): Promise<string | null>;
  /** brightness up while the member code is on screen, and back afterwards */
  raiseBrightness(): void;
  restoreBrightness(): void;
  PhoneCodeButton: ComponentType<PhoneCodeButtonProps>;
  /**
   * The QR text of something the member scans outside the till (a staff invite): the camera on
   * weapp; on H5 a prompt where the QR's text is pasted. Null when cancelled.
   */
  scanQrText(): Promise<string | null>;
  /** H5 demo: forget which demo user this browser is (also the `openid` in the page URL). */
  forgetDemoUser(): void;
  /**
   * WeChat's subscribe-message dialog for these templates (call it straight from a tap): the
   * answer per template id; an empty object when the dialog could not open.
   */
  requestSubscribe(templateIds: string[]): Promise<Record<string, SubscribeAnswer>>;
  /**
   * WeChat's pay sheet for a JSAPI order (Taro.requestPayment with the BFF's payParams). 'paid'
   * only means the wallet says so: the top-up counts once the BFF has WeChat Pay's confirmation.
   */
  requestPayment(order: PaymentRequest): Promise<PaymentAnswer>;
}

export interface PaymentRequest {
  outTradeNo: string;
  amountFen: number;
  payParams: { timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string };
}

export type PaymentAnswer = 'paid' | 'cancelled' | 'failed';

/** WECHAT.md: the dialog's answer per template. */
export type SubscribeAnswer = 'accept' | 'reject' | 'ban' | 'filter';

/** Thrown by the H5 login when no demo user has been chosen yet. */
export class DemoUserRequiredError extends Error {
  constructor() {
    super('请选择一个演示用户登录');
    this.name = 'DemoUserRequiredError';
  }
}
