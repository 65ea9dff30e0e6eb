import { Text, View } from '@tarojs/components';
import { formatFen } from '../../lib/money';
import { tierLabel } from '../../lib/tier-labels';
import { shanghaiDate } from '../../lib/time';
import { asCoupons, type Coupon, type ScannedMember } from '../../services/types';

function couponValue(coupon: Coupon): string {
  if (coupon.type === 'AMOUNT_OFF' && coupon.valueFen !== undefined) return `减 ${formatFen(coupon.valueFen)}`;
  if (coupon.type === 'PERCENT_OFF' && coupon.percentOff !== undefined) return `${(100 - coupon.percentOff) / 10} 折`;
  return '礼品券';
}

export function couponSummary(coupon: Coupon): string {
  const threshold = coupon.thresholdFen > 0 ? `满 ${formatFen(coupon.thresholdFen)} ` : '';
  return `${coupon.name}（${threshold}${couponValue(coupon)}，至 ${shanghaiDate(coupon.validUntil)}）`;
}

/** Blocked members may still buy; the cashier must know they cannot earn or spend points. */
function blockedText(member: ScannedMember): string {
  if (member.earnBlocked && member.spendBlocked) return '该会员积分已冻结：本单不积分，也不能用积分或储值抵扣。';
  return member.earnBlocked ? '该会员已冻结积分：本单不积分。' : '该会员已冻结消费：不能用积分或储值抵扣。';
}

/** What the cashier sees after a scan: enough to serve the member, with the phone masked. */
export function MemberPanel({ member }: { member: ScannedMember }) {
  const coupons = asCoupons(member.coupons);
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
          {tierLabel(member.tier)}
        </Text>
      </View>
      <View className="tk-panel__row">
        <Text className="tk-panel__label">开卡门店</Text>
        <Text className="tk-panel__value" id="scanned-member-home-store">
          {member.homeStoreName ?? '—'}
        </Text>
      </View>
      <View className="tk-panel__row">
        <Text className="tk-panel__label">积分</Text>
        <Text className="tk-panel__value tk-panel__value--strong" id="scanned-member-points">
          {member.points}
        </Text>
      </View>
      {member.pointsDebt > 0 && (
        <View className="tk-panel__row">
          <Text className="tk-panel__label">积分欠款</Text>
          <Text className="tk-panel__value" id="scanned-member-points-debt">
            {member.pointsDebt}
          </Text>
        </View>
      )}
      <View className="tk-panel__row">
        <Text className="tk-panel__label">储值余额</Text>
        <Text className="tk-panel__value tk-panel__value--strong" id="scanned-member-stored-value">
          {formatFen(member.storedValueFen)}
        </Text>
      </View>
      <View className="tk-panel__row">
        <Text className="tk-panel__label">可用优惠券</Text>
        <Text className="tk-panel__value">{coupons.length} 张</Text>
      </View>
      {coupons.map((coupon) => (
        <View key={coupon.id} className="tk-muted tk-coupon-line">
          {couponSummary(coupon)}
        </View>
      ))}
      {(member.earnBlocked || member.spendBlocked) && (
        <View className="tk-banner tk-banner--warn" id="scanned-member-blocked">
          {blockedText(member)}
        </View>
      )}
    </View>
  );
}
