import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow, useRouter, useShareAppMessage } from '@tarojs/taro';
import type { PointsGiftOptionsResponse } from '@tongka/shared-types';
import { useState } from 'react';
import { newIdempotencyKey } from '../../../lib/ids';
import { fetchGiftOptions, giftPoints } from '../../../services/engagement';
import { describeError } from '../../../services/http';
import { fetchMe } from '../../../services/member';
import '../../member.css';

/** One attempt = one Idempotency-Key: a retry after a lost answer never sends the points twice. */
interface Attempt {
  recipientCode: string;
  points: number;
  key: string;
}

/** The share card a member sends so that a friend can give them points: it opens this page with their code. */
export function giftShareCard(referralCode: string): { title: string; path: string } {
  return { title: '送我一些积分吧', path: `/member/pages/gift/index?to=${encodeURIComponent(referralCode)}` };
}

/**
 * Gives points to a friend by their 邀请码 (typed, or filled in from the friend's share card):
 * code, points, a confirmation, then the result. The page also shares the member's own card.
 */
export default function GiftPage() {
  const [options, setOptions] = useState<PointsGiftOptionsResponse | null>(null);
  const [code, setCode] = useState(useRouter().params.to ?? '');
  const [myCode, setMyCode] = useState('');
  const [pointsText, setPointsText] = useState('');
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState('');

  const load = () =>
    fetchGiftOptions()
      .then(setOptions)
      .catch((failure) => setMessage(describeError(failure)));
  useDidShow(() => {
    load();
    fetchMe()
      .then((me) => setMyCode(me.referralCode))
      .catch(() => undefined);
  });
  useShareAppMessage(() => giftShareCard(myCode));

  const points = /^\d+$/.test(pointsText) ? Number(pointsText) : 0;
  const recipientCode = code.trim();
  const problem = !options
    ? ''
    : !options.enabled
      ? '积分转赠暂未开放。'
      : points > options.perGiftMaxPoints
        ? `单次最多转赠 ${options.perGiftMaxPoints} 积分。`
        : points > options.remainingToday
          ? `今天还可转赠 ${options.remainingToday} 积分。`
          : points > options.spendablePoints
            ? '可用积分不足。'
            : '';

  const send = async () => {
    if (!recipientCode || points <= 0 || problem) return;
    const { confirm } = await Taro.showModal({
      title: '确认转赠',
      content: `将 ${points} 积分转赠给邀请码 ${recipientCode} 的会员，转出后不能撤回。`,
      confirmText: '确认转赠',
    });
    if (!confirm) return;
    setBusy(true);
    setMessage('');
    const same = attempt && attempt.recipientCode === recipientCode && attempt.points === points;
    const current = same ? attempt : { recipientCode, points, key: newIdempotencyKey() };
    setAttempt(current);
    try {
      const done = await giftPoints({ recipientCode, points }, current.key);
      setAttempt(null);
      setSent(`已转赠 ${done.points} 积分给 ${done.recipientCodeMasked}，剩余可用 ${done.pointsLeft} 积分。`);
      setPointsText('');
      load();
    } catch (failure) {
      setMessage(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="tk-page">
      <View className="tk-panel tk-stack">
        <Text className="tk-muted tk-block" id="gift-spendable">
          可用积分 {options?.spendablePoints ?? '—'}，今天还可转赠 {options?.remainingToday ?? '—'} 积分
        </Text>
        <View className="tk-field">
          <Text className="tk-field__label">好友的邀请码</Text>
          <Input
            id="gift-code"
            className="tk-input"
            value={code}
            placeholder="在好友的“我的”页面可以看到"
            onInput={(event) => setCode(event.detail.value)}
          />
        </View>
        <View className="tk-field">
          <Text className="tk-field__label">转赠积分</Text>
          <Input
            id="gift-points"
            className="tk-input"
            type="number"
            value={pointsText}
            placeholder={options ? `单次最多 ${options.perGiftMaxPoints} 积分` : ''}
            onInput={(event) => setPointsText(event.detail.value)}
          />
        </View>
        {problem && <View className="tk-banner tk-banner--warn">{problem}</View>}
        <Button
          id="gift-send"
          className="tk-button tk-button--primary"
          disabled={busy || !recipientCode || points <= 0 || Boolean(problem)}
          onClick={send}
        >
          转赠积分
        </Button>
      </View>
      {sent && (
        <View className="tk-banner tk-banner--success" id="gift-sent">
          {sent}
        </View>
      )}
      {message && <View className="tk-banner tk-banner--error">{message}</View>}
      {myCode && (
        <View className="tk-panel tk-stack">
          <Text className="tk-muted tk-block" id="gift-my-code">
            想收好友的积分？把你的收礼卡片发给好友（你的邀请码 {myCode}），好友打开后即可转赠给你。
          </Text>
          <Button id="gift-share" className="tk-button tk-button--ghost" openType="share">
            分享我的收礼卡片
          </Button>
        </View>
      )}
      <Button id="gift-back" className="tk-button tk-button--ghost" onClick={() => Taro.navigateBack()}>
        返回
      </Button>
    </View>
  );
}
