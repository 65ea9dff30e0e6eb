import { Button, Input, Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { isGuessablePin, PAYMENT_PIN_PATTERN } from '@tongka/shared-types/dist/payment-pin';
import { useState } from 'react';
import { formatShanghaiDateTime } from '../../../lib/time';
import { describeError } from '../../../services/http';
import { fetchPaymentPin, savePaymentPin } from '../../../services/member-approval';
import type { PaymentPinStatus } from '../../../services/types';
import '../../member.css';

/** What is wrong with the typed PINs, in Chinese; '' when they can be saved. */
export function pinFormProblem(form: { pin: string; again: string; current: string }, isSet: boolean): string {
  if (isSet && !PAYMENT_PIN_PATTERN.test(form.current)) return '请输入当前的 6 位支付密码。';
  if (!PAYMENT_PIN_PATTERN.test(form.pin)) return '支付密码须为 6 位数字。';
  if (isGuessablePin(form.pin)) return '密码太简单（如 111111、123456），请换一个。';
  if (form.pin !== form.again) return '两次输入的密码不一致。';
  return '';
}

function PinInput({
  id,
  placeholder,
  value,
  onInput,
}: {
  id: string;
  placeholder: string;
  value: string;
  onInput: (v: string) => void;
}) {
  return (
    <Input
      id={id}
      className="tk-input"
      type="number"
      password
      maxlength={6}
      placeholder={placeholder}
      value={value}
      onInput={(e) => onInput(e.detail.value)}
    />
  );
}

/**
 * The payment PIN: when the phone is not at hand, the member types it at the till to approve a
 * large deduction. Set once here; changing it takes the current one.
 */
export default function PaymentPinPage() {
  const [status, setStatus] = useState<PaymentPinStatus | null>(null);
  const [form, setForm] = useState({ pin: '', again: '', current: '' });
  const [message, setMessage] = useState('');
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useDidShow(() => {
    fetchPaymentPin()
      .then(setStatus)
      .catch((failure) => setMessage(describeError(failure)));
  });
  const isSet = status?.set ?? false;
  const save = async () => {
    const problem = pinFormProblem(form, isSet);
    setMessage(problem);
    setSaved(false);
    if (problem) return;
    setBusy(true);
    try {
      setStatus(await savePaymentPin({ pin: form.pin, currentPin: isSet ? form.current : undefined }));
      setForm({ pin: '', again: '', current: '' });
      setSaved(true);
    } catch (failure) {
      setMessage(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="tk-page tk-stack">
      <View className="tk-panel">
        <Text className="tk-title">{isSet ? '修改支付密码' : '设置支付密码'}</Text>
        <View className="tk-muted" id="payment-pin-intro">
          积分或储值的大额抵扣需要你本人确认。手机不在身边时，可在收银台输入 6 位支付密码代替。连续输错 5 次将锁定 15
          分钟。
        </View>
        {status?.lockedUntil && (
          <View className="tk-banner tk-banner--warn" id="payment-pin-locked">
            输错次数过多，已锁定至 {formatShanghaiDateTime(status.lockedUntil)}
          </View>
        )}
        {isSet && (
          <PinInput
            id="payment-pin-current"
            placeholder="当前支付密码"
            value={form.current}
            onInput={(current) => setForm({ ...form, current })}
          />
        )}
        <PinInput
          id="payment-pin-new"
          placeholder="新的 6 位支付密码"
          value={form.pin}
          onInput={(pin) => setForm({ ...form, pin })}
        />
        <PinInput
          id="payment-pin-again"
          placeholder="再次输入"
          value={form.again}
          onInput={(again) => setForm({ ...form, again })}
        />
      </View>
      {message && (
        <View className="tk-banner tk-banner--error" id="payment-pin-error">
          {message}
        </View>
      )}
      {saved && (
        <View className="tk-banner tk-banner--success" id="payment-pin-saved">
          支付密码已保存。
        </View>
      )}
      <Button
        id="payment-pin-save"
        className="tk-button tk-button--primary"
        disabled={busy || undefined}
        onClick={save}
      >
        保存
      </Button>
    </View>
  );
}
