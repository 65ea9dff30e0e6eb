import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import type { CouponGiftResponse, MemberCoupon } from '@tongka/shared-types';
import { useState } from 'react';
import { BackBar } from '../../../components/back-bar';
import { couponThresholdText, couponValidityText, couponValueText } from '../../../lib/coupon-labels';
import { newIdempotencyKey } from '../../../lib/ids';
import { fetchMyCoupon, giftCoupon } from '../../../services/coupons';
import { ApiError, describeError } from '../../../services/http';
import '../../member.css';

/** Sentences that read better here than the shared ones (the friend, not the member, is at the limit). */
function giftError(failure: unknown): string {
  if (failure instanceof ApiError && failure.code === 'COUPON_LIMIT_REACHED')
    return '好友持有这张优惠券已达上限，无法再接收。';
  return describeError(failure);
}

/**
 * Gives one coupon to a friend by their 邀请码: the coupon, the code, a confirmation, then the
 * result. One attempt keeps one Idempotency-Key, so a retry after a lost answer gives it once.
 */
export default function CouponGiftPage() {
  const couponId = useRouter().params.id ?? '';
  const [coupon, setCoupon] = useState<MemberCoupon | null>(null);
  const [code, setCode] = useState('');
  const [attempt, setAttempt] = useState<{ recipientCode: string; key: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState<CouponGiftResponse | null>(null);

  useDidShow(() => {
    fetchMyCoupon(couponId).then(setCoupon, (failure) => setError(describeError(failure)));
  });

  const recipientCode = code.trim();
  const send = async () => {
    if (!coupon || !recipientCode) return;
    const { confirm } = await Taro.showModal({
      title: '确认赠送',
      content: `将「${coupon.name}」赠送给邀请码 ${recipientCode} 的好友，赠送后不能撤回。`,
      confirmText: '确认赠送',
    });
    if (!confirm) return;
    setBusy(true);
    setError('');
    const current =
      attempt && attempt.recipientCode === recipientCode ? attempt : { recipientCode, key: newIdempotencyKey() };
    setAttempt(current);
    try {
      setDone(await giftCoupon(coupon.id, recipientCode, current.key));
      setAttempt(null);
    } catch (failure) {
      setError(giftError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="tk-page">
      <BackBar title="赠送好友" fallbackUrl="/member/pages/coupons/index" />
      {coupon && (
        <View className="tk-panel tk-stack">
          <View className="tk-title" id="coupon-gift-name">
            {coupon.name}
          </View>
          <View className="tk-panel__value--strong">{couponValueText(coupon)}</View>
          <View className="tk-muted">
            {couponThresholdText(coupon)} · {couponValidityText(coupon)}
          </View>
        </View>
      )}
      {coupon && !coupon.giftable && !done && (
        <View className="tk-banner tk-banner--warn" id="coupon-gift-not-giftable">
          {coupon.receivedAsGift ? '这张优惠券是好友赠送的，不能再转赠。' : '这张优惠券不能转赠。'}
        </View>
      )}
      {coupon?.giftable && !done && (
        <View className="tk-panel tk-stack">
          <View className="tk-field">
            <Text className="tk-field__label">好友的邀请码</Text>
            <Input
              id="coupon-gift-code"
              className="tk-input"
              value={code}
              placeholder="在好友的“我的”页面可以看到"
              onInput={(event) => setCode(event.detail.value)}
            />
          </View>
          <Text className="tk-muted tk-block">
            赠送后券码会更换，原券码作废；好友收到后在“我的优惠券”中查看，不能再次转赠。
          </Text>
          <Button
            id="coupon-gift-send"
            className="tk-button tk-button--primary"
            disabled={busy || !recipientCode}
            onClick={send}
          >
            确认赠送
          </Button>
        </View>
      )}
      {done && (
        <View className="tk-banner tk-banner--success" id="coupon-gift-done">
          已将「{done.name}」赠送给 {done.recipientCodeMasked}，好友可在“我的优惠券”中查看。
        </View>
      )}
      {error && (
        <View className="tk-banner tk-banner--error" id="coupon-gift-error">
          {error}
        </View>
      )}
    </View>
  );
}
