import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { PointsGiftOptionsResponse } from '@tongka/shared-types';
import { useState } from 'react';
import { newIdempotencyKey } from '../../../lib/ids';
import { fetchGiftOptions, giftPoints } from '../../../services/engagement';
import { describeError } from '../../../services/http';
import '../../member.css';

/** One attempt = one Idempotency-Key: a retry after a lost answer never sends the points twice. */
interface Attempt {
  recipientCode: string;
  points: number;
  key: string;
}

/** Gives points to a friend by their 邀请码: code, points, a confirmation, then the result. */
export default function GiftPage() {
  const [options, setOptions] = useState<PointsGiftOptionsResponse | null>(null);
  const [code, setCode] = useState('');
  const [pointsText, setPointsText] = useState('');
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [sent, setSent] = useState('');

  const load = () =>
    fetchGiftOptions()
      .then(setOptions)
      .catch((failure) => setMessage(describeError(failure)));
  useDidShow(load);

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
      <Button id="gift-back" className="tk-button tk-button--ghost" onClick={() => Taro.navigateBack()}>
        返回
      </Button>
    </View>
  );
}
