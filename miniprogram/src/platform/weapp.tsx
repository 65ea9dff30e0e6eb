import { Button } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { PhoneCodeButtonProps, Platform, SubscribeAnswer } from './types';

/** WeChat's own APIs (WECHAT.md: login, phone number code flow, scanning). */
const PHONE_QUOTA_ERRNO = 1400001;

function WeappPhoneButton({ onCode, onError, disabled }: PhoneCodeButtonProps) {
  return (
    <Button
      id="bind-phone-button"
      className="tk-button tk-button--primary"
      openType="getPhoneNumber"
      disabled={disabled || undefined}
      onGetPhoneNumber={(event) => {
        const detail = event.detail as { code?: string; errno?: number };
        if (detail.code) onCode(detail.code);
        else if (detail.errno === PHONE_QUOTA_ERRNO) onError('手机号授权次数已用完，请稍后再试。');
        else onError('你取消了授权，手机号未绑定。');
      }}
    >
      微信手机号一键绑定
    </Button>
  );
}

let savedBrightness: number | null = null;

export const weappPlatform: Platform = {
  kind: 'weapp',
  async login() {
    const { code } = await Taro.login();
    if (!code) throw new Error('微信登录失败，请稍后重试。');
    return code;
  },
  async requestSubscribe(templateIds) {
    try {
      const result = (await Taro.requestSubscribeMessage({ tmplIds: templateIds } as never)) as unknown as Record<
        string,
        string
      >;
      return Object.fromEntries(
        templateIds.filter((id) => result[id]).map((id) => [id, result[id] as SubscribeAnswer]),
      );
    } catch {
      return {}; // the dialog did not open (e.g. the member turned messages off in settings)
    }
  },
  async requestPayment({ payParams }) {
    try {
      await Taro.requestPayment({ ...payParams });
      return 'paid';
    } catch (failure) {
      // WeChat answers "requestPayment:fail cancel" when the member closes the sheet.
      return /cancel/.test((failure as { errMsg?: string }).errMsg ?? '') ? 'cancelled' : 'failed';
    }
  },
  canScanWithCamera: true,
  async scanCode() {
    try {
      const result = await Taro.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode', 'barCode'],
      });
      return result.result || null;
    } catch {
      return null; // cancelled
    }
  },
  raiseBrightness() {
    Taro.getScreenBrightness()
      .then(({ value }) => {
        savedBrightness = value;
        return Taro.setScreenBrightness({ value: 1 });
      })
      .catch(() => undefined);
    Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined);
  },
  restoreBrightness() {
    if (savedBrightness !== null) Taro.setScreenBrightness({ value: savedBrightness }).catch(() => undefined);
    savedBrightness = null;
    Taro.setKeepScreenOn({ keepScreenOn: false }).catch(() => undefined);
  },
  PhoneCodeButton: WeappPhoneButton,
  async scanQrText() {
    try {
      const result = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      return result.result || null;
    } catch {
      return null; // cancelled
    }
  },
  forgetDemoUser() {},
};
