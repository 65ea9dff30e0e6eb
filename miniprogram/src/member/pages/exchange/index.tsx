import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { RewardExchangeResponse } from '@tongka/shared-types';
import { useRef, useState } from 'react';
import { BackBar } from '../../../components/back-bar';
import { newIdempotencyKey } from '../../../lib/ids';
import { platform } from '../../../platform';
import { exchangeReward } from '../../../services/coupons';
import { describeError } from '../../../services/http';
import { priceText, rewardChoice } from '../../reward-choice';

/** The exchange confirmation: quantity, what it costs, then the pickup code. */
export default function ExchangePage() {
  const [reward] = useState(rewardChoice);
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<RewardExchangeResponse | null>(null);
  const [error, setError] = useState('');
  // One key per confirmed quantity: a retry after a lost answer exchanges once.
  const key = useRef({ quantity: 0, value: '' });

  if (!reward) {
    return (
      <View className="tk-page">
        <BackBar title="确认兑换" />
        <View className="tk-banner tk-banner--warn">请先在积分商城选择礼品。</View>
      </View>
    );
  }
  const confirm = async () => {
    if (key.current.quantity !== quantity) key.current = { quantity, value: newIdempotencyKey() };
    setBusy(true);
    setError('');
    try {
      const answer = await exchangeReward(reward.id, quantity, key.current.value);
      if (!('payParams' in answer)) return setDone(answer);
      // Points + cash: the points are held until WeChat Pay confirms the cash part to the server.
      const paid = await platform.requestPayment({ ...answer, amountFen: answer.cashFen });
      if (paid === 'paid') {
        Taro.redirectTo({ url: '/member/pages/pickups/index' });
        return;
      }
      setError(
        paid === 'cancelled' ? '已取消支付，积分已为你保留，稍后未支付将自动退回。' : '支付未完成，请稍后重试。',
      );
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const limit = Math.max(1, Math.min(reward.stock, reward.perMemberLimit ?? 99));
  return (
    <View className="tk-page">
      <BackBar title="确认兑换" />
      <View className="tk-panel tk-stack">
        <View className="tk-title" id="exchange-reward-name">
          {reward.name}
        </View>
        {!done && (
          <View className="tk-row">
            <Text className="tk-panel__label">数量</Text>
            <Button size="mini" id="quantity-minus" disabled={quantity <= 1} onClick={() => setQuantity(quantity - 1)}>
              -
            </Button>
            <Text id="exchange-quantity"> {quantity} </Text>
            <Button
              size="mini"
              id="quantity-plus"
              disabled={quantity >= limit}
              onClick={() => setQuantity(quantity + 1)}
            >
              +
            </Button>
          </View>
        )}
        <View className="tk-panel__value--strong" id="exchange-price">
          共需 {priceText(reward, quantity)}
        </View>
        {reward.storeNames && <View className="tk-muted">可在 {reward.storeNames.join('、')} 领取</View>}
      </View>
      {error && (
        <View className="tk-banner tk-banner--error" id="exchange-error">
          {error}
        </View>
      )}
      {done ? (
        <View className="tk-panel tk-stack" id="exchange-done">
          <View className="tk-banner tk-banner--success">兑换成功，已扣 {done.pointsSpent} 积分</View>
          <View className="tk-panel__label">提货码（到店出示给店员）</View>
          <View className="tk-code-card__digits" id="exchange-pickup-code">
            {done.pickupCode}
          </View>
          <Button
            className="tk-button tk-button--ghost"
            onClick={() => Taro.redirectTo({ url: '/member/pages/pickups/index' })}
          >
            查看我的兑换记录
          </Button>
        </View>
      ) : (
        <Button id="confirm-exchange" className="tk-button tk-button--primary" disabled={busy} onClick={confirm}>
          确认兑换
        </Button>
      )}
    </View>
  );
}
