import { Text, View } from '@tarojs/components';
import { useDidShow, useShareAppMessage } from '@tarojs/taro';
import { useState } from 'react';
import { BackLink } from '../../../components/back-link';
import { InviteCard } from '../../../components/invite-card';
import { storeLabel } from '../../../lib/store-label';
import { describeError } from '../../../services/http';
import { fetchMyReferral, type MyReferralResponse } from '../../../services/referral';
import { currentStore } from '../../staff-state';

/**
 * A clerk's own invite card: customers who sign up with it are the clerk's, and the clerk's store
 * becomes their home store; the clerk's reward follows HQ's staff rule.
 */
export default function StaffInvitePage() {
  const [store] = useState(currentStore);
  const [data, setData] = useState<MyReferralResponse | null>(null);
  const [error, setError] = useState('');
  useDidShow(() => {
    fetchMyReferral()
      .then(setData)
      .catch((failure) => setError(describeError(failure)));
  });
  useShareAppMessage(() => ({
    title: `${store ? storeLabel(store) : '通卡'}邀你成为会员`,
    path: data?.sharePath ?? '/pages/index/index',
  }));
  if (!store) return <View className="tk-page tk-empty">你还不是任何门店的店员。</View>;
  return (
    <View className="tk-page" id="staff-invite-page">
      <View className="tk-panel">
        <Text className="tk-title">{storeLabel(store)} · 导购邀请卡</Text>
        <View className="tk-panel__label">顾客扫码或通过你的分享注册后，归属你和本店，消费后计入你的导购业绩。</View>
        {data && (
          <View className="tk-panel__row">
            <Text className="tk-panel__label">已邀请顾客</Text>
            <Text className="tk-panel__value" id="staff-invite-count">
              {data.invitedCount}
            </Text>
          </View>
        )}
      </View>
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      {data && (
        <InviteCard
          referralCode={data.referralCode}
          sharePath={data.sharePath}
          line={`${storeLabel(store)}导购邀你成为会员`}
        />
      )}
      <BackLink />
    </View>
  );
}
