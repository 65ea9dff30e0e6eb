import { Button, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import type { TopupResponse } from '@tongka/shared-types';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatFen } from '../../../lib/money';
import { describeError } from '../../../services/http';
import { fetchTopup } from '../../../services/pay';

const POLL_MS = 1500;
const GIVE_UP_MS = 20_000;

/**
 * After the wallet says "paid", the top-up counts only when the BFF has WeChat Pay's own
 * confirmation (the notification, or the reconciliation that asks WeChat). This page waits for it,
 * and says plainly when it is not there yet rather than showing a balance that may not be right.
 */
export default function TopupResultPage() {
  const topupId = useRouter().params.topupId ?? '';
  const [topup, setTopup] = useState<TopupResponse | null>(null);
  const [waiting, setWaiting] = useState(true);
  const [error, setError] = useState('');
  const startedAt = useRef(Date.now());

  const check = useCallback(async () => {
    try {
      const current = await fetchTopup(topupId);
      setTopup(current);
      setError('');
      return current.status !== 'pending';
    } catch (failure) {
      setError(describeError(failure));
      return false;
    }
  }, [topupId]);

  useEffect(() => {
    if (!waiting) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      if (await check()) return setWaiting(false);
      if (Date.now() - startedAt.current > GIVE_UP_MS) return setWaiting(false);
      timer = setTimeout(poll, POLL_MS);
    };
    poll();
    return () => clearTimeout(timer);
  }, [waiting, check]);

  const retry = () => {
    startedAt.current = Date.now();
    setWaiting(true);
  };

  const paid = topup?.status === 'paid';
  return (
    <View className="tk-page">
      {paid && topup && (
        <View className="tk-panel tk-stack" id="topup-result-paid">
          <View className="tk-banner tk-banner--success">充值成功</View>
          <Text className="tk-title tk-block" id="topup-result-amount">
            {formatFen(topup.amountFen)}
          </Text>
          {topup.bonusFen > 0 && (
            <Text className="tk-muted tk-block" id="topup-result-bonus">
              另赠送 {formatFen(topup.bonusFen)}（总部出资），共到账 {formatFen(topup.amountFen + topup.bonusFen)}
            </Text>
          )}
          <Text className="tk-muted tk-block">充值门店：{topup.storeName ?? '总部'}</Text>
        </View>
      )}
      {!paid && waiting && (
        <View className="tk-banner tk-banner--info" id="topup-result-waiting">
          正在等待微信支付确认到账…
        </View>
      )}
      {!paid && !waiting && topup?.status === 'closed' && (
        <View className="tk-banner tk-banner--error" id="topup-result-closed">
          这笔充值未支付，订单已关闭，没有扣款。
        </View>
      )}
      {!paid && !waiting && topup?.status !== 'closed' && (
        <View className="tk-stack" id="topup-result-unconfirmed">
          <View className="tk-banner tk-banner--warn">
            暂未收到微信支付的到账确认。如果你已付款，不必重复支付：系统会自动向微信核对，确认后金额会出现在储值明细中。
          </View>
          <Button id="topup-result-retry" className="tk-button tk-button--ghost" onClick={retry}>
            再查一次
          </Button>
        </View>
      )}
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
      <Button
        id="topup-result-card"
        className="tk-button tk-button--primary"
        onClick={() => Taro.switchTab({ url: '/pages/card/index' })}
      >
        返回会员卡
      </Button>
      <Button
        id="topup-result-history"
        className="tk-button tk-button--ghost"
        onClick={() => Taro.switchTab({ url: '/pages/history/index' })}
      >
        查看储值明细
      </Button>
    </View>
  );
}
