import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { CouponCenterItem } from '@tongka/shared-types';
import { useCallback, useRef, useState } from 'react';
import { BackBar } from '../../../components/back-bar';
import { newIdempotencyKey } from '../../../lib/ids';
import { shanghaiDate } from '../../../lib/time';
import { claimCoupon, fetchCouponCenter } from '../../../services/coupons';
import { describeError } from '../../../services/http';
import { CouponCard } from '../../components/coupon-card';

function validityOf(item: CouponCenterItem): string {
  if (item.validDays) return `领取后 ${item.validDays} 天内有效`;
  return item.validUntil ? `有效期至 ${shanghaiDate(item.validUntil)}` : '';
}

/** The coupon centre: what the member may claim now; each tap claims once (its key is kept until it succeeds). */
export default function CouponCenterPage() {
  const [items, setItems] = useState<CouponCenterItem[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState('');
  const keys = useRef(new Map<string, string>());

  const load = useCallback(async () => {
    try {
      setItems((await fetchCouponCenter()).items);
    } catch (failure) {
      setMessage({ kind: 'error', text: describeError(failure) });
    }
  }, []);
  useDidShow(() => {
    load();
  });

  const claim = async (item: CouponCenterItem) => {
    const key = keys.current.get(item.id) ?? newIdempotencyKey();
    keys.current.set(item.id, key);
    setBusy(item.id);
    setMessage(null);
    try {
      await claimCoupon(item.id, key);
      keys.current.delete(item.id);
      setMessage({ kind: 'success', text: `已领取「${item.name}」，可在“我的优惠券”中查看` });
      await load();
    } catch (failure) {
      keys.current.delete(item.id);
      setMessage({ kind: 'error', text: describeError(failure) });
    } finally {
      setBusy('');
    }
  };

  return (
    <View className="tk-page">
      <BackBar title="领券中心" />
      {message && (
        <View id="coupon-center-message" className={`tk-banner tk-banner--${message.kind}`}>
          {message.text}
        </View>
      )}
      {items?.length === 0 && <View className="tk-empty">暂时没有可领取的优惠券</View>}
      {items?.map((item) => (
        <CouponCard
          key={item.id}
          id={`center-${item.id}`}
          coupon={item}
          dimmed={!item.canClaim}
          meta={
            <>
              {validityOf(item)}
              {item.stockLeft !== null && <Text className="tk-muted"> · 剩余 {item.stockLeft} 张</Text>}
            </>
          }
          action={
            <View
              id={`claim-${item.id}`}
              className={`tk-pill ${item.canClaim && busy !== item.id ? '' : 'tk-pill--off'}`}
              onClick={() => (item.canClaim && busy !== item.id ? claim(item) : undefined)}
            >
              {item.canClaim ? '领取' : item.stockLeft === 0 ? '已领完' : '已领取'}
            </View>
          }
        />
      ))}
      <Button
        id="center-open-my-coupons"
        className="tk-button tk-button--ghost"
        onClick={() => Taro.navigateTo({ url: '/member/pages/coupons/index' })}
      >
        我的优惠券
      </Button>
    </View>
  );
}
