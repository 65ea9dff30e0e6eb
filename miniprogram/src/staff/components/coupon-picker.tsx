import { Input, Text, View } from '@tarojs/components';
import type { MemberCoupon } from '@tongka/shared-types';
import { useState } from 'react';
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
  const [typed, setTyped] = useState('');
  const selected = coupons.filter((coupon) => selectedCodes.includes(coupon.code));
  // A code shown on the member's coupon page (scanned by a POS gun or typed) that the list does not hold.
  const extraCodes = selectedCodes.filter((code) => !coupons.some((coupon) => coupon.code === code));
  const addTyped = () => {
    const code = typed.trim();
    if (code && !selectedCodes.includes(code)) onToggle(code);
    setTyped('');
  };
  return (
    <View className="tk-field" id="coupon-picker">
      <Text className="tk-field__label">使用优惠券（{coupons.length} 张可用）</Text>
      <View className="tk-row">
        <Input
          id="coupon-code-input"
          className="tk-input"
          style={{ flex: 1, marginRight: '12px' }}
          type="number"
          placeholder="扫描或输入券码"
          value={typed}
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={addTyped}
        />
        <View id="coupon-code-add" className="tk-pill" onClick={addTyped}>
          添加
        </View>
      </View>
      {extraCodes.map((code) => (
        <View
          key={code}
          id={`coupon-${code}`}
          className="tk-coupon-option tk-coupon-option--picked"
          onClick={() => onToggle(code)}
        >
          <Text>☑ 券码 {code}（预览时校验）</Text>
        </View>
      ))}
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
