import { Text, View } from '@tarojs/components';
import type { MemberCoupon } from '@tongka/shared-types';
import { couponRuleSentence, couponThresholdText, couponValueText } from '../../lib/coupon-labels';
import { formatFen } from '../../lib/money';
import { shanghaiDate } from '../../lib/time';
import { ApiError } from '../../services/http';

type PickerCoupon = Pick<
  MemberCoupon,
  'id' | 'code' | 'name' | 'type' | 'thresholdFen' | 'valueFen' | 'percentOff' | 'maxDiscountFen' | 'validUntil'
> & { stackable?: boolean };

/**
 * Why a coupon cannot join this order as it stands (null: it can): the threshold against the
 * typed amount, and stacking against the coupons already picked. The BFF's preview stays the
 * authority; its refusal is shown with couponRefusalOf.
 */
export function whyNotUsable(
  coupon: PickerCoupon,
  input: { amountFen: number | null; selected: readonly PickerCoupon[] },
): string | null {
  if (input.amountFen !== null && input.amountFen < coupon.thresholdFen) {
    return `未满 ${formatFen(coupon.thresholdFen)}，还差 ${formatFen(coupon.thresholdFen - input.amountFen)}`;
  }
  const others = input.selected.filter((picked) => picked.code !== coupon.code);
  if (others.length > 0 && (!coupon.stackable || others.some((picked) => !picked.stackable))) {
    return '不可与已选优惠券同时使用';
  }
  return null;
}

/** The Chinese sentence for a preview or checkout the BFF refused because of a coupon, else null. */
export function couponRefusalOf(failure: unknown): string | null {
  if (!(failure instanceof ApiError) || failure.code !== 'COUPON_NOT_USABLE') return null;
  const details = (failure.details ?? {}) as { rule?: unknown; couponCode?: unknown };
  const sentence = couponRuleSentence(details.rule);
  return sentence ? `优惠券不可用：${sentence}（券码 ${String(details.couponCode ?? '')}）` : null;
}

/** The scanned member's coupons usable at this store: tap to add to the order; an unusable one says why. */
export function CouponPicker({
  coupons,
  amountFen,
  selectedCodes,
  onToggle,
}: {
  coupons: readonly PickerCoupon[];
  amountFen: number | null;
  selectedCodes: readonly string[];
  onToggle: (code: string) => void;
}) {
  if (coupons.length === 0) return null;
  const selected = coupons.filter((coupon) => selectedCodes.includes(coupon.code));
  return (
    <View className="tk-field" id="coupon-picker">
      <Text className="tk-field__label">使用优惠券（{coupons.length} 张可用）</Text>
      {coupons.map((coupon) => {
        const picked = selectedCodes.includes(coupon.code);
        const why = picked ? null : whyNotUsable(coupon, { amountFen, selected });
        return (
          <View
            key={coupon.id}
            id={`coupon-${coupon.code}`}
            className={`tk-coupon-option ${picked ? 'tk-coupon-option--picked' : ''} ${why ? 'tk-coupon-option--blocked' : ''}`}
            onClick={() => (why ? undefined : onToggle(coupon.code))}
          >
            <View className="tk-row">
              <Text>
                {picked ? '☑ ' : '☐ '}
                {coupon.name}
              </Text>
              <Text className="tk-coupon-option__value">{couponValueText(coupon)}</Text>
            </View>
            <Text className="tk-muted">
              {couponThresholdText(coupon)} · 至 {shanghaiDate(coupon.validUntil)}
              {coupon.stackable ? ' · 可叠加' : ''}
            </Text>
            {why && (
              <Text className="tk-coupon-option__why" id={`coupon-why-${coupon.code}`}>
                {why}
              </Text>
            )}
          </View>
        );
      })}
    </View>
  );
}
