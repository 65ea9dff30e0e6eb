import { Button, Input, Text, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { newIdempotencyKey } from '../../lib/ids';
import { formatFen, parseYuanToFen } from '../../lib/money';
import { describeError } from '../../services/http';
import { refundCheckout } from '../../services/staff';
import type { CheckoutListItem, RefundResponse } from '../../services/types';

interface Props {
  storeId: string;
  checkout: CheckoutListItem;
  onClose: (refunded: boolean) => void;
}

/** Full or partial refund of one checkout, showing what was reversed. One key per refund, kept across retries. */
export function RefundSheet({ storeId, checkout, onClose }: Props) {
  const [amountYuan, setAmountYuan] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [result, setResult] = useState<RefundResponse | null>(null);
  const attempt = useRef<{ bodyJson: string; key: string } | null>(null);

  const submit = async () => {
    if (busy) return;
    const amountFen = amountYuan.trim() ? parseYuanToFen(amountYuan) : undefined;
    if (amountFen === null || amountFen === 0) {
      setError('请输入正确的退款金额，留空为全额退款。');
      return;
    }
    const body = amountFen === undefined ? {} : { amountFen };
    const bodyJson = JSON.stringify(body);
    if (attempt.current?.bodyJson !== bodyJson) attempt.current = { bodyJson, key: newIdempotencyKey() };
    setBusy(true);
    setError('');
    try {
      setResult(await refundCheckout(storeId, checkout.checkoutId, body, attempt.current.key));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="tk-sheet-mask">
      <View className="tk-sheet" id="refund-sheet">
        <Text className="tk-title">退款 · {checkout.orderRef}</Text>
        <View className="tk-muted">
          订单金额 {formatFen(checkout.amountFen)}
          {checkout.refundedFen > 0 ? `，已退 ${formatFen(checkout.refundedFen)}` : ''}
        </View>
        {!result && (
          <View className="tk-stack" style={{ marginTop: '24px' }}>
            <Input
              id="refund-amount"
              className="tk-input"
              type="digit"
              placeholder="退款金额（元），留空为全额退款"
              value={amountYuan}
              onInput={(e) => setAmountYuan(e.detail.value)}
            />
            {error && (
              <View className="tk-banner tk-banner--error" id="refund-error">
                {error}
              </View>
            )}
            <Button
              id="refund-confirm"
              className="tk-button tk-button--primary"
              disabled={busy || undefined}
              onClick={submit}
            >
              {amountYuan.trim() ? '确认部分退款' : '确认全额退款'}
            </Button>
          </View>
        )}
        {result && (
          <View className="tk-panel" id="refund-result" style={{ marginTop: '24px' }}>
            <View className="tk-panel__row">
              <Text>退款金额</Text>
              <Text id="refund-refunded">{formatFen(result.refundedFen)}</Text>
            </View>
            <View className="tk-panel__row">
              <Text>退还现金</Text>
              <Text id="refund-cash">{formatFen(result.cashRefundFen)}</Text>
            </View>
            <View className="tk-panel__row">
              <Text>退回积分</Text>
              <Text id="refund-points-returned">{result.pointsReturned}</Text>
            </View>
            <View className="tk-panel__row">
              <Text>扣回已得积分</Text>
              <Text id="refund-points-clawed-back">{result.pointsClawedBack}</Text>
            </View>
            {result.pointsPendingVoided > 0 && (
              <View className="tk-panel__row">
                <Text>作废待生效积分</Text>
                <Text id="refund-points-pending-voided">{result.pointsPendingVoided}</Text>
              </View>
            )}
            <View className="tk-panel__row">
              <Text>积分欠款</Text>
              <Text id="refund-points-debt">{result.pointsDebt}</Text>
            </View>
            <View className="tk-panel__row">
              <Text>退回储值</Text>
              <Text id="refund-stored-value">{formatFen(result.storedValueReturnedFen)}</Text>
            </View>
            <View className="tk-panel__row">
              <Text>退回优惠券</Text>
              <Text id="refund-coupons">{result.couponsRestored ? '已退回' : '无'}</Text>
            </View>
          </View>
        )}
        <Button
          id="refund-close"
          className="tk-button tk-button--ghost"
          style={{ marginTop: '16px' }}
          disabled={busy || undefined}
          onClick={() => onClose(result !== null)}
        >
          {result ? '完成' : '取消'}
        </Button>
      </View>
    </View>
  );
}
