import { Button, Image, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { MemberCoupon } from '@tongka/shared-types';
import { useMemo, useState } from 'react';
import { BackBar } from '../../../components/back-bar';
import { code128Matrix } from '../../../lib/code128';
import { couponThresholdText, couponValidityText, couponValueText } from '../../../lib/coupon-labels';
import { matrixToPngDataUrl } from '../../../lib/png';
import { qrMatrix } from '../../../lib/qr';
import { fetchMyCoupon } from '../../../services/coupons';
import { describeError } from '../../../services/http';

function CouponCode({ code }: { code: string }) {
  const images = useMemo(
    () => ({ qr: matrixToPngDataUrl(qrMatrix(code), 8), barcode: matrixToPngDataUrl(code128Matrix(code), 3, 60) }),
    [code],
  );
  return (
    <View className="tk-code-card" id="coupon-code-card">
      <Image className="tk-code-card__barcode" src={images.barcode} mode="scaleToFill" />
      <Text id="coupon-code-digits" className="tk-code-card__digits">
        {code}
      </Text>
      <Image className="tk-code-card__qr" src={images.qr} mode="aspectFit" />
      <View className="tk-code-card__hint">结账时请出示此码，由店员扫码或输入券码</View>
    </View>
  );
}

/**
 * One coupon with a code the clerk scans (gift coupons are handed over on the clerk's 核销 page);
 * a giftable one can be given to a friend, a received one says where it came from.
 */
export default function CouponDetailPage() {
  const [coupon, setCoupon] = useState<MemberCoupon | null>(null);
  const [error, setError] = useState('');
  useDidShow(() => {
    const id = Taro.getCurrentInstance().router?.params.id ?? '';
    fetchMyCoupon(id).then(setCoupon, (failure) => setError(describeError(failure)));
  });
  return (
    <View className="tk-page">
      <BackBar title="优惠券详情" />
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      {coupon && (
        <View className="tk-panel tk-stack">
          <View className="tk-title" id="coupon-detail-name">
            {coupon.name}
          </View>
          <View className="tk-panel__value--strong">{couponValueText(coupon)}</View>
          <View className="tk-muted">
            {couponThresholdText(coupon)} · {couponValidityText(coupon)}
          </View>
          {coupon.storeIds && <View className="tk-muted">仅限指定门店使用</View>}
          {coupon.receivedAsGift && (
            <Text className="tk-badge" id="coupon-detail-received">
              好友赠送
            </Text>
          )}
          {coupon.status === 'available' ? (
            <CouponCode code={coupon.code} />
          ) : (
            <View className="tk-banner tk-banner--warn">{coupon.status === 'used' ? '已使用' : '已过期'}</View>
          )}
          {coupon.giftable && (
            <Button
              id="coupon-detail-gift"
              className="tk-button tk-button--ghost"
              onClick={() => Taro.navigateTo({ url: `/member/pages/coupon-gift/index?id=${coupon.id}` })}
            >
              赠送好友
            </Button>
          )}
        </View>
      )}
    </View>
  );
}
