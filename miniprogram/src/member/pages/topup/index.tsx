import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import type { TopupOptionsResponse } from '@tongka/shared-types';
import { useState } from 'react';
import { newIdempotencyKey } from '../../../lib/ids';
import { formatFen, parseYuanToFen } from '../../../lib/money';
import { platform } from '../../../platform';
import { describeError } from '../../../services/http';
import { createTopup, fetchTopupOptions } from '../../../services/pay';
import { amountProblem, bonusForAmount } from '../../topup-choice';
import '../../member.css';

const HQ = '';

/** One attempt = one Idempotency-Key: a retry after a lost answer never places a second order. */
interface Attempt {
  amountFen: number;
  storeId: string;
  key: string;
}

/** Stored-value top-up: amounts with HQ's bonus, the issuing store, then WeChat Pay. */
export default function TopupPage() {
  const [options, setOptions] = useState<TopupOptionsResponse | null>(null);
  const [amountFen, setAmountFen] = useState<number | null>(null);
  const [custom, setCustom] = useState('');
  const [storeId, setStoreId] = useState<string | null>(null);
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  useDidShow(() => {
    fetchTopupOptions()
      .then((loaded) => {
        setOptions(loaded);
        setAmountFen((current) => current ?? loaded.presets[0]?.amountFen ?? null);
        setStoreId((current) => current ?? loaded.homeStoreId ?? HQ);
      })
      .catch((failure) => setMessage(describeError(failure)));
  });

  const chosenFen = custom ? parseYuanToFen(custom) : amountFen;
  const problem = options ? amountProblem(options, chosenFen) : null;
  const bonusFen = options && chosenFen !== null ? bonusForAmount(options, chosenFen) : 0;

  const pay = async () => {
    if (!options || chosenFen === null || problem) return;
    setBusy(true);
    setMessage('');
    const store = storeId ?? HQ;
    const same = attempt && attempt.amountFen === chosenFen && attempt.storeId === store;
    const current = same ? attempt : { amountFen: chosenFen, storeId: store, key: newIdempotencyKey() };
    setAttempt(current);
    try {
      const order = await createTopup({ amountFen: chosenFen, ...(store ? { storeId: store } : {}) }, current.key);
      setAttempt(null);
      const answer = await platform.requestPayment({ ...order, amountFen: chosenFen });
      if (answer === 'paid') {
        Taro.redirectTo({ url: `/member/pages/topup-result/index?topupId=${encodeURIComponent(order.topupId)}` });
        return;
      }
      setMessage(answer === 'cancelled' ? '已取消支付，未扣款。' : '支付未完成，请稍后重试。');
    } catch (failure) {
      setMessage(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="tk-page">
      <View className="tk-panel tk-stack">
        <Text className="tk-title tk-block">储值充值</Text>
        <Text className="tk-muted tk-block">充值金额可在本品牌任一门店消费使用；赠送金额由总部出资。</Text>
      </View>
      {options && (
        <View className="tk-amounts" id="topup-amounts">
          {options.presets.map((preset) => (
            <View
              key={preset.amountFen}
              id={`topup-amount-${preset.amountFen}`}
              className={`tk-amount ${!custom && amountFen === preset.amountFen ? 'tk-amount--active' : ''}`}
              onClick={() => {
                setCustom('');
                setAmountFen(preset.amountFen);
              }}
            >
              <Text className="tk-amount__value">{formatFen(preset.amountFen)}</Text>
              <Text className="tk-amount__bonus">
                {preset.bonusFen > 0 ? `送 ${formatFen(preset.bonusFen)}` : '　'}
              </Text>
            </View>
          ))}
        </View>
      )}
      <View className="tk-field">
        <Text className="tk-field__label">其他金额（元）</Text>
        <Input
          id="topup-custom-amount"
          className="tk-input"
          type="digit"
          placeholder="输入充值金额"
          value={custom}
          onInput={(event) => setCustom(event.detail.value)}
        />
      </View>
      {options && options.bonuses.length > 0 && (
        <View className="tk-hint" id="topup-bonus-rules">
          {options.bonuses.map((step) => `充${formatFen(step.thresholdFen)}送${formatFen(step.bonusFen)}`).join('，')}
        </View>
      )}
      {options && (
        <View className="tk-field" id="topup-stores">
          <Text className="tk-field__label">充值门店</Text>
          {[{ id: HQ, name: '总部（不指定门店）' }, ...options.stores].map((store) => (
            <View
              key={store.id || 'hq'}
              id={`topup-store-${store.id || 'HQ'}`}
              className={`tk-choice ${storeId === store.id ? 'tk-choice--active' : ''}`}
              onClick={() => setStoreId(store.id)}
            >
              {store.name}
              {store.id && store.id === options.homeStoreId ? '（开卡门店）' : ''}
            </View>
          ))}
        </View>
      )}
      {problem && custom && <View className="tk-banner tk-banner--warn">{problem}</View>}
      {message && (
        <View className="tk-banner tk-banner--error" id="topup-message">
          {message}
        </View>
      )}
      <Button
        id="topup-pay"
        className="tk-button tk-button--primary"
        disabled={!options || !!problem || busy || undefined}
        onClick={pay}
      >
        {chosenFen !== null && !problem
          ? `微信支付 ${formatFen(chosenFen)}${bonusFen > 0 ? `（到账 ${formatFen(chosenFen + bonusFen)}）` : ''}`
          : '微信支付'}
      </Button>
      <Button id="topup-back" className="tk-button tk-button--ghost" onClick={() => Taro.navigateBack()}>
        返回
      </Button>
    </View>
  );
}
