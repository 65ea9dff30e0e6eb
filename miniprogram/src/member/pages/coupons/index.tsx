import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import type { MemberCoupon } from '@tongka/shared-types';
import { useCallback, useState } from 'react';
import { BackBar } from '../../../components/back-bar';
import { couponValidityText } from '../../../lib/coupon-labels';
import { formatShanghaiDateTime } from '../../../lib/time';
import { type CouponStatus, fetchMyCoupons } from '../../../services/coupons';
import { describeError } from '../../../services/http';
import { CouponCard } from '../../components/coupon-card';

const TABS: Array<{ status: CouponStatus; label: string }> = [
  { status: 'available', label: '可使用' },
  { status: 'used', label: '已使用' },
  { status: 'expired', label: '已过期' },
];

function metaOf(coupon: MemberCoupon) {
  if (coupon.status === 'used' && coupon.usedAt) return `已于 ${formatShanghaiDateTime(coupon.usedAt)} 使用`;
  return (
    <>
      {couponValidityText(coupon)}
      {coupon.expiringSoon && <Text className="tk-badge tk-badge--pending">即将过期</Text>}
      {coupon.receivedAsGift && <Text className="tk-badge">好友赠送</Text>}
    </>
  );
}

/** My coupons by status; an available one opens its detail with the code the clerk scans. */
export default function MyCouponsPage() {
  const [status, setStatus] = useState<CouponStatus>('available');
  const [items, setItems] = useState<MemberCoupon[] | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(async (forStatus: CouponStatus) => {
    setError('');
    try {
      setItems((await fetchMyCoupons(forStatus)).items);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, []);

  useDidShow(() => {
    load(status);
  });
  usePullDownRefresh(() => {
    load(status).finally(() => Taro.stopPullDownRefresh());
  });

  const pick = (next: CouponStatus) => {
    setStatus(next);
    setItems(null);
    load(next);
  };

  return (
    <View className="tk-page">
      <BackBar title="我的优惠券" />
      <View className="tk-tabs">
        {TABS.map((tab) => (
          <View
            key={tab.status}
            id={`coupons-tab-${tab.status}`}
            className={`tk-tab ${status === tab.status ? 'tk-tab--active' : ''}`}
            onClick={() => pick(tab.status)}
          >
            {tab.label}
          </View>
        ))}
      </View>
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      {items?.length === 0 && <View className="tk-empty">暂无优惠券</View>}
      {items?.map((coupon) => (
        <CouponCard
          key={coupon.id}
          id={`my-coupon-${coupon.id}`}
          coupon={coupon}
          dimmed={coupon.status !== 'available'}
          meta={metaOf(coupon)}
          action={coupon.status === 'available' ? <Text className="tk-coupon__use">去使用 ›</Text> : undefined}
          onClick={
            coupon.status === 'available'
              ? () => Taro.navigateTo({ url: `/member/pages/coupon-detail/index?id=${coupon.id}` })
              : undefined
          }
        />
      ))}
      <Button
        id="coupons-open-center"
        className="tk-button tk-button--ghost"
        onClick={() => Taro.navigateTo({ url: '/member/pages/coupon-center/index' })}
      >
        去领券中心
      </Button>
    </View>
  );
}
