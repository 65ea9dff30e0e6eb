import { Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh, useShareAppMessage } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { BackLink } from '../../../components/back-link';
import { InviteCard } from '../../../components/invite-card';
import { shanghaiDate } from '../../../lib/time';
import { describeError } from '../../../services/http';
import { fetchMyReferral, type MyReferralResponse } from '../../../services/referral';
import { getMember } from '../../../services/session';
import { rebateAmountLabel, rebateDateLabel, rebateStatusLabel, totalLabel } from '../../rebate-labels';

/**
 * 邀请有礼: the member's code, share card and poster, the friends who joined (masked) with the
 * day they joined and first bought, and every rebate with the day it confirms.
 */
export default function InvitePage() {
  const [data, setData] = useState<MyReferralResponse | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(async () => {
    setError('');
    try {
      setData(await fetchMyReferral());
    } catch (failure) {
      setError(describeError(failure));
    }
  }, []);
  useDidShow(() => {
    load();
  });
  usePullDownRefresh(() => {
    load().finally(() => Taro.stopPullDownRefresh());
  });
  const code = data?.referralCode ?? getMember()?.referralCode ?? '';
  useShareAppMessage(() => ({ title: '送你一张通卡会员卡，消费积分全店通用', path: `/pages/index/index?r=${code}` }));

  return (
    <View className="tk-page" id="invite-page">
      <View className="tk-hero">
        <Text className="tk-hero__brand">邀请有礼</Text>
        <View className="tk-hero__caption">
          好友通过你的邀请注册并消费，你可获得返利；好友邀请的朋友消费，你还能再得一份。
        </View>
        <View className="tk-hero__balances">
          <View className="tk-hero__balance">
            <Text className="tk-hero__amount" id="invite-count">
              {data ? data.invitedCount : '--'}
            </Text>
            <View className="tk-hero__caption">已邀请</View>
          </View>
          <View className="tk-hero__balance">
            <Text className="tk-hero__amount" id="invite-pending">
              {data ? totalLabel(data.pendingRebate) : '--'}
            </Text>
            <View className="tk-hero__caption">待到账返利</View>
          </View>
          <View className="tk-hero__balance">
            <Text className="tk-hero__amount" id="invite-confirmed">
              {data ? totalLabel(data.confirmedRebate) : '--'}
            </Text>
            <View className="tk-hero__caption">已到账返利</View>
          </View>
        </View>
      </View>
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      {code && data && (
        <InviteCard referralCode={code} sharePath={data.sharePath} line="邀你一起领通卡，积分全店通用" />
      )}

      <View className="tk-section-title">我邀请的好友</View>
      {data && data.invitees.length === 0 && <View className="tk-empty">还没有好友通过你的邀请加入。</View>}
      {data?.invitees.map((invitee) => (
        <View className="tk-list-item tk-invitee" key={`${invitee.memberIdMasked}-${invitee.joinedAt}`}>
          <View className="tk-list-item__main">
            <Text>{invitee.memberIdMasked}</Text>
            <Text>{invitee.firstPaidAt ? `首单 ${shanghaiDate(invitee.firstPaidAt)}` : '尚未消费'}</Text>
          </View>
          <View className="tk-list-item__meta">{shanghaiDate(invitee.joinedAt)} 加入</View>
        </View>
      ))}

      <View className="tk-section-title">返利明细</View>
      {data && data.rebates.length === 0 && <View className="tk-empty">好友消费后，返利会显示在这里。</View>}
      {data?.rebates.map((rebate) => (
        <View className={`tk-list-item tk-rebate tk-rebate--${rebate.status}`} key={rebate.id}>
          <View className="tk-list-item__main">
            <Text>
              {rebate.level === 1 ? '一级返利' : '二级返利'} · {rebate.inviteeMasked}
            </Text>
            <Text className="tk-list-item__amount--plus tk-rebate__amount">{rebateAmountLabel(rebate)}</Text>
          </View>
          <View className="tk-list-item__meta">
            <Text className="tk-rebate__status">{rebateStatusLabel(rebate)}</Text> · {rebateDateLabel(rebate)}
          </View>
        </View>
      ))}
      <BackLink />
    </View>
  );
}
