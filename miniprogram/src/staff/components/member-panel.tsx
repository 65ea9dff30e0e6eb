import { Text, View } from '@tarojs/components';
import { formatFen } from '../../lib/money';
import { shanghaiDate } from '../../lib/time';
import type { Coupon, ScannedMember } from '../../services/types';

function couponValue(coupon: Coupon): string {
  if (coupon.type === 'AMOUNT_OFF' && coupon.valueFen !== undefined) return `减 ${formatFen(coupon.valueFen)}`;
  if (coupon.type === 'PERCENT_OFF' && coupon.percentOff !== undefined) return `${(100 - coupon.percentOff) / 10} 折`;
  return '礼品券';
}

export function couponSummary(coupon: Coupon): string {
  const threshold = coupon.thresholdFen > 0 ? `满 ${formatFen(coupon.thresholdFen)} ` : '';
  return `${coupon.name}（${threshold}${couponValue(coupon)}，至 ${shanghaiDate(coupon.validUntil)}）`;
}

/** What the cashier sees after a scan: enough to serve the member, with the phone masked. */
export function MemberPanel({ member }: { member: ScannedMember }) {
  return (
    <View className="tk-panel" id="scanned-member">
      <View className="tk-panel__row">
        <Text className="tk-panel__label">会员</Text>
        <Text className="tk-panel__value" id="scanned-member-phone">
          {member.phoneMasked ?? '未绑定手机号'}
        </Text>
      </View>
      <View className="tk-panel__row">
        <Text className="tk-panel__label">等级</Text>
        <Text className="tk-panel__value" id="scanned-member-tier">
          {member.tier}
        </Text>
      </View>
      <View className="tk-panel__row">
        <Text className="tk-panel__label">开卡门店</Text>
        <Text className="tk-panel__value">{member.homeStore?.name ?? '—'}</Text>
      </View>
      <View className="tk-panel__row">
        <Text className="tk-panel__label">积分</Text>
        <Text className="tk-panel__value tk-panel__value--strong" id="scanned-member-points">
          {member.points}
        </Text>
      </View>
      <View className="tk-panel__row">
        <Text className="tk-panel__label">储值余额</Text>
        <Text className="tk-panel__value tk-panel__value--strong" id="scanned-member-stored-value">
          {formatFen(member.storedValueFen)}
        </Text>
      </View>
      <View className="tk-panel__row">
        <Text className="tk-panel__label">可用优惠券</Text>
        <Text className="tk-panel__value">{member.coupons.length} 张</Text>
      </View>
      {member.coupons.map((coupon) => (
        <View key={coupon.id} className="tk-muted tk-coupon-line">
          {couponSummary(coupon)}
        </View>
      ))}
    </View>
  );
}
