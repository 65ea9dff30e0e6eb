import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { Reward } from '@tongka/shared-types';
import { useState } from 'react';
import { BackBar } from '../../../components/back-bar';
import { fetchRewards } from '../../../services/coupons';
import { describeError } from '../../../services/http';
import { fetchMe } from '../../../services/member';
import { priceText, saveRewardChoice } from '../../reward-choice';

/** The rewards catalogue (积分商城): what the member's points buy now, and where to pick it up. */
export default function RewardsPage() {
  const [items, setItems] = useState<Reward[] | null>(null);
  const [points, setPoints] = useState<number | null>(null);
  const [error, setError] = useState('');
  useDidShow(() => {
    fetchRewards().then(
      (list) => setItems(list.items),
      (failure) => setError(describeError(failure)),
    );
    fetchMe().then(
      (me) => setPoints(me.points),
      () => undefined,
    );
  });
  const choose = (reward: Reward) => {
    saveRewardChoice(reward);
    Taro.navigateTo({ url: '/member/pages/exchange/index' });
  };
  return (
    <View className="tk-page">
      <BackBar title="积分商城" />
      <View className="tk-panel">
        <Text className="tk-panel__label">我的积分 </Text>
        <Text className="tk-panel__value--strong" id="rewards-my-points">
          {points ?? '--'}
        </Text>
      </View>
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      {items?.length === 0 && <View className="tk-empty">暂时没有可兑换的礼品</View>}
      {items?.map((reward) => (
        <View key={reward.id} id={`reward-${reward.id}`} className="tk-list-item">
          <View className="tk-list-item__main">
            <Text className="tk-reward__name">{reward.name}</Text>
            <Text className="tk-list-item__amount--minus">{priceText(reward)}</Text>
          </View>
          <View className="tk-list-item__meta">
            {reward.description ? `${reward.description} · ` : ''}
            {reward.stock > 0 ? `剩余 ${reward.stock} 件` : '已兑完'}
            {reward.storeNames && ` · 可在 ${reward.storeNames.join('、')} 领取`}
          </View>
          <View
            id={`exchange-${reward.id}`}
            className={`tk-pill tk-reward__exchange ${reward.stock === 0 ? 'tk-pill--off' : ''}`}
            onClick={() => (reward.stock === 0 ? undefined : choose(reward))}
          >
            {reward.stock === 0 ? '已兑完' : '兑换'}
          </View>
        </View>
      ))}
      <Button
        id="rewards-open-pickups"
        className="tk-button tk-button--ghost"
        onClick={() => Taro.navigateTo({ url: '/member/pages/pickups/index' })}
      >
        我的兑换记录
      </Button>
    </View>
  );
}
