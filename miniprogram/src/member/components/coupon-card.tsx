import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { type CouponTerms, couponThresholdText, couponValueText } from '../../lib/coupon-labels';

/** One coupon as a ticket: what it takes off, from what amount, and a line or action on the right. */
export function CouponCard({
  id,
  coupon,
  dimmed,
  meta,
  action,
  onClick,
}: {
  id: string;
  coupon: CouponTerms;
  dimmed?: boolean;
  meta: ReactNode;
  action?: ReactNode;
  onClick?: () => void;
}) {
  return (
    <View id={id} className={`tk-coupon ${dimmed ? 'tk-coupon--dimmed' : ''}`} onClick={onClick}>
      <View className="tk-coupon__value">
        <Text className="tk-coupon__amount">{couponValueText(coupon)}</Text>
        <Text className="tk-coupon__threshold">{couponThresholdText(coupon)}</Text>
      </View>
      <View className="tk-coupon__body">
        <Text className="tk-coupon__name">{coupon.name}</Text>
        <View className="tk-coupon__meta">{meta}</View>
      </View>
      {action && <View className="tk-coupon__action">{action}</View>}
    </View>
  );
}
