import { Button, Input, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { browserQueryParam } from '../lib/query';
import { fakeWechatBase } from '../services/endpoints';
import { describeError, request } from '../services/http';
import { getDemoOpenid, setDemoOpenid } from '../services/session';
import { DemoUserRequiredError, type PhoneCodeButtonProps, type Platform } from './types';

/**
 * Browser stand-ins for WeChat, used by the H5 demo and the e2e tests: login and phone codes come
 * from the fake WeChat server's control endpoints; scanning is manual entry.
 */
async function controlCode(path: string, body: Record<string, string>): Promise<string> {
  const result = await request<{ code: string }>({
    method: 'POST',
    base: fakeWechatBase(),
    path,
    body,
  });
  return result.code;
}

function H5PhoneButton({ onCode, onError, disabled }: PhoneCodeButtonProps) {
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!/^1\d{10}$/.test(phone)) {
      onError('请输入 11 位手机号。');
      return;
    }
    setBusy(true);
    try {
      onCode(await controlCode('/__control/phone-code', { phoneNumber: phone }));
    } catch (error) {
      onError(describeError(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="tk-stack">
      <Input
        id="bind-phone-input"
        className="tk-input"
        type="number"
        maxlength={11}
        placeholder="演示环境：输入手机号"
        value={phone}
        onInput={(e) => setPhone(e.detail.value)}
      />
      <Button
        id="bind-phone-button"
        className="tk-button tk-button--primary"
        disabled={disabled || busy || undefined}
        onClick={submit}
      >
        授权并绑定手机号
      </Button>
    </View>
  );
}

export const h5Platform: Platform = {
  kind: 'h5',
  async login() {
    const fromUrl = browserQueryParam('openid');
    if (fromUrl) setDemoOpenid(fromUrl);
    const openid = fromUrl ?? getDemoOpenid();
    if (!openid) throw new DemoUserRequiredError();
    return controlCode('/__control/login-code', { openid });
  },
  /**
   * WeChat's dialog stood in for by a modal; an accept is also granted on the fake WeChat server,
   * as WeChat records it, so the BFF's sends go through.
   */
  async requestSubscribe(templateIds) {
    const { confirm } = await Taro.showModal({
      title: '消息提醒',
      content: '允许「通卡」给你发送积分变动和积分到期提醒？',
      confirmText: '允许',
      cancelText: '拒绝',
    });
    const openid = getDemoOpenid();
    if (confirm && openid) {
      for (const templateId of templateIds) {
        await request({
          method: 'POST',
          base: fakeWechatBase(),
          path: '/__control/subscriptions',
          body: { openid, templateId },
        });
      }
    }
    return Object.fromEntries(templateIds.map((id) => [id, confirm ? 'accept' : 'reject'] as const));
  },
  /**
   * The WeChat wallet stood in for by a confirmation: paying asks the fake WeChat server to mark
   * the order paid, and it then notifies the BFF signed and encrypted, as WeChat Pay does.
   */
  async requestPayment({ outTradeNo, amountFen }) {
    const { confirm } = await Taro.showModal({
      title: '微信支付（演示）',
      content: `向「通卡」支付 ¥${(amountFen / 100).toFixed(2)}`,
      confirmText: '确认支付',
      cancelText: '取消',
    });
    if (!confirm) return 'cancelled';
    try {
      await request({ method: 'POST', base: fakeWechatBase(), path: '/__control/pay', body: { outTradeNo } });
      return 'paid';
    } catch {
      return 'failed';
    }
  },
  canScanWithCamera: false,
  async scanCode() {
    return null;
  },
  raiseBrightness() {},
  restoreBrightness() {},
  PhoneCodeButton: H5PhoneButton,
  /** A browser has no WeChat scanner: the QR's text (as the demo prints it) is pasted instead. */
  async scanQrText() {
    const text = window.prompt('演示环境：粘贴二维码中的内容');
    return text?.trim() ? text.trim() : null;
  },
  /** The demo's printed URL carries `?openid=`; left there, it would sign the same user back in. */
  forgetDemoUser() {
    const url = new URL(window.location.href);
    url.searchParams.delete('openid');
    const [route, query = ''] = url.hash.split('?');
    const hashParams = new URLSearchParams(query);
    hashParams.delete('openid');
    url.hash = hashParams.toString() ? `${route}?${hashParams}` : route;
    window.history.replaceState(window.history.state, '', url.toString());
  },
};
