import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import type { RewardExchange } from '@tongka/shared-types';
import { useState } from 'react';
import { BackBar } from '../../../components/back-bar';
import { formatShanghaiDateTime } from '../../../lib/time';
import { fetchMyExchanges } from '../../../services/coupons';
import { describeError } from '../../../services/http';

const STATUS_LABELS = new Map<RewardExchange['status'], string>([
  ['ready', '待领取'],
  ['fulfilled', '已领取'],
  ['pending_payment', '待支付'],
  ['cancelled', '已取消'],
]);

/** My pickups: each exchange with its pickup code until it is handed over. */
export default function PickupsPage() {
  const [items, setItems] = useState<RewardExchange[] | null>(null);
  const [error, setError] = useState('');
  useDidShow(() => {
    fetchMyExchanges().then(
      (list) => setItems(list.items),
      (failure) => setError(describeError(failure)),
    );
  });
  return (
    <View className="tk-page">
      <BackBar title="我的兑换" />
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      {items?.length === 0 && <View className="tk-empty">还没有兑换记录</View>}
      {items?.map((item) => (
        <View key={item.exchangeId} id={`my-pickup-${item.exchangeId}`} className="tk-list-item">
          <View className="tk-list-item__main">
            <Text>
              {item.rewardName} × {item.quantity}
            </Text>
            <Text className={item.status === 'ready' ? 'tk-badge tk-badge--pending' : 'tk-badge'}>
              {STATUS_LABELS.get(item.status) ?? item.status}
            </Text>
          </View>
          <View className="tk-list-item__meta">
            {formatShanghaiDateTime(item.createdAt)} · {item.pointsSpent} 积分
            {item.status === 'ready' && item.pickupCode ? ` · 提货码 ${item.pickupCode}` : ''}
            {item.fulfilledAt ? ` · ${formatShanghaiDateTime(item.fulfilledAt)} 已领取` : ''}
          </View>
        </View>
      ))}
    </View>
  );
}
