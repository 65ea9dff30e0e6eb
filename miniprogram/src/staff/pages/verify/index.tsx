import { Button, Input, Text, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { BackBar } from '../../../components/back-bar';
import { isPickupCodeText } from '../../../lib/coupon-labels';
import { newIdempotencyKey } from '../../../lib/ids';
import { formatFen } from '../../../lib/money';
import { platform } from '../../../platform';
import { redeemGiftCoupon, verifyPickup } from '../../../services/coupons';
import { describeError } from '../../../services/http';
import { currentStore } from '../../staff-state';

type Outcome = { kind: 'success' | 'error'; text: string } | null;

/**
 * Gift coupons and reward pickups, handed over without a sale: scan or type the code. A pickup
 * code starts with 8, a coupon code with 9. The key is kept per code until the answer arrives.
 */
export default function VerifyPage() {
  const [store] = useState(currentStore);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const key = useRef({ code: '', value: '' });

  if (!store) {
    return (
      <View className="tk-page">
        <BackBar title="核销券码" fallbackUrl="/staff/pages/scan/index" />
        <View className="tk-banner tk-banner--warn">请先在收银页选择门店。</View>
      </View>
    );
  }
  const submit = async (text: string) => {
    const trimmed = text.trim();
    if (!trimmed) return;
    if (key.current.code !== trimmed) key.current = { code: trimmed, value: newIdempotencyKey() };
    setBusy(true);
    setOutcome(null);
    try {
      if (isPickupCodeText(trimmed)) {
        const pickup = await verifyPickup(store.storeId, trimmed, key.current.value);
        setOutcome({ kind: 'success', text: `已核销：${pickup.rewardName} × ${pickup.quantity}，请将礼品交给会员` });
      } else {
        const gift = await redeemGiftCoupon(store.storeId, trimmed, key.current.value);
        setOutcome({ kind: 'success', text: `已核销赠品券：${gift.name}（价值 ${formatFen(gift.valueFen ?? 0)}）` });
      }
      setCode('');
      // A handled code's key is done with: the same code typed again is a new attempt (and refused).
      key.current = { code: '', value: '' };
    } catch (failure) {
      setOutcome({ kind: 'error', text: describeError(failure) });
    } finally {
      setBusy(false);
    }
  };
  const scan = async () => {
    const text = await platform.scanCode();
    if (text) {
      setCode(text);
      await submit(text);
    }
  };
  return (
    <View className="tk-page">
      <BackBar title="核销券码" fallbackUrl="/staff/pages/scan/index" />
      <View className="tk-panel tk-stack">
        <Text className="tk-panel__label">赠品券、积分商城提货码</Text>
        {platform.canScanWithCamera && (
          <Button className="tk-button tk-button--primary" onClick={scan} disabled={busy}>
            扫码核销
          </Button>
        )}
        <Input
          id="verify-code"
          className="tk-input"
          type="number"
          placeholder="输入券码或提货码"
          value={code}
          onInput={(e) => setCode(e.detail.value)}
        />
        <Button
          id="verify-submit"
          className="tk-button tk-button--primary"
          disabled={busy || !code}
          onClick={() => submit(code)}
        >
          核销
        </Button>
      </View>
      {outcome && (
        <View id="verify-result" className={`tk-banner tk-banner--${outcome.kind}`}>
          {outcome.text}
        </View>
      )}
    </View>
  );
}
