import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { BackLink } from '../../../components/back-link';
import { formatFen } from '../../../lib/money';
import { storeLabel } from '../../../lib/store-label';
import { describeError } from '../../../services/http';
import { fetchLeaderboard, type ReferralLeaderboard } from '../../../services/referral';
import { currentStore } from '../../staff-state';

const ROLE_TEXT: Record<string, string> = { clerk: '店员', manager: '店长' };

/** The manager's view of the store's staff as sharers: sign-ups, first purchases, rewards. */
export default function LeaderboardPage() {
  const [store] = useState(currentStore);
  const [board, setBoard] = useState<ReferralLeaderboard | null>(null);
  const [error, setError] = useState('');
  useDidShow(() => {
    if (!store) return;
    fetchLeaderboard(store.storeId)
      .then(setBoard)
      .catch((failure) => setError(describeError(failure)));
  });
  if (!store) return <View className="tk-page tk-empty">你还不是任何门店的店员。</View>;
  return (
    <View className="tk-page" id="leaderboard-page">
      <View className="tk-panel">
        <Text className="tk-title">{storeLabel(store)} · 导购排行榜</Text>
        <View className="tk-panel__label">按邀请注册人数排序；奖励含待到账部分，佣金仅记录用于核算工资。</View>
      </View>
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      {board && board.items.length === 0 && <View className="tk-empty">本店还没有店员。</View>}
      {board?.items.map((item, index) => (
        <View className="tk-list-item tk-leader" key={item.memberId}>
          <View className="tk-list-item__main">
            <Text>
              第 {index + 1} 名 · {item.memberIdMasked}（{ROLE_TEXT[item.role] ?? item.role}）
            </Text>
            <Text className="tk-list-item__amount--plus tk-leader__signups">{item.signUps} 人注册</Text>
          </View>
          <View className="tk-list-item__meta">
            首单 {item.firstPurchases} 人 · 奖励 {item.rewardPoints} 积分 · 佣金 {formatFen(item.commissionFen)}
          </View>
        </View>
      ))}
      <BackLink />
    </View>
  );
}
