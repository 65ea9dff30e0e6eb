import { Button, Input, Text, View } from '@tarojs/components';
import { useRef, useState } from 'react';
import { newIdempotencyKey } from '../../lib/ids';
import { formatFen } from '../../lib/money';
import { numberInputType, parseMoneyText } from '../../lib/number-input';
import { describeError } from '../../services/http';
import { previewRefund, refundCheckout } from '../../services/staff';
import type { CheckoutListItem, RefundPreviewResponse, RefundRequest, RefundResponse } from '../../services/types';

interface Props {
  storeId: string;
  checkout: CheckoutListItem;
  /** Called as soon as the refund is done (the day's totals refresh behind the sheet). */
  onRefunded: (result: RefundResponse) => void;
  onClose: () => void;
}

type Outcome = Omit<RefundResponse, 'refundId'>;

/**
 * What the refund does to the member's points, in words: the debt is spelled out because it is
 * the one effect a cashier cannot guess (the member already spent points this order earned).
 */
export function describePointsEffect(outcome: Outcome): string {
  const parts: string[] = [];
  if (outcome.pointsReturned > 0) parts.push(`退回会员抵扣的 ${outcome.pointsReturned} 积分`);
  if (outcome.pointsClawedBack > 0) parts.push(`从会员账户扣回本单所得 ${outcome.pointsClawedBack} 积分`);
  if (outcome.pointsPendingVoided > 0) parts.push(`作废本单待生效的 ${outcome.pointsPendingVoided} 积分`);
  const sentence = parts.length > 0 ? `${parts.join('，')}。` : '不涉及积分。';
  if (outcome.pointsDebt === 0) return sentence;
  return (
    `${sentence}会员已用掉本单所得积分，账户不够扣回：还差 ${outcome.pointsDebt} 积分，记为积分欠款，` +
    '会员之后消费所得积分会先用于偿还。'
  );
}

function OutcomeRows({ outcome, prefix }: { outcome: Outcome; prefix: string }) {
  const rows: Array<[string, string, string]> = [
    ['退款金额', 'refunded', formatFen(outcome.refundedFen)],
    ['退还现金', 'cash', formatFen(outcome.cashRefundFen)],
    ['退回积分', 'points-returned', String(outcome.pointsReturned)],
    ['扣回已得积分', 'points-clawed-back', String(outcome.pointsClawedBack)],
    ['积分欠款', 'points-debt', String(outcome.pointsDebt)],
    ['退回储值', 'stored-value', formatFen(outcome.storedValueReturnedFen)],
    ['退回优惠券', 'coupons', outcome.couponsRestored ? '退回' : '无'],
  ];
  if (outcome.pointsPendingVoided > 0) {
    rows.splice(4, 0, ['作废待生效积分', 'points-pending-voided', String(outcome.pointsPendingVoided)]);
  }
  return (
    <View>
      {rows.map(([label, id, value]) => (
        <View className="tk-panel__row" key={id}>
          <Text>{label}</Text>
          <Text id={`${prefix}-${id}`}>{value}</Text>
        </View>
      ))}
      <View
        className={outcome.pointsDebt > 0 ? 'tk-banner tk-banner--warn' : 'tk-muted'}
        id={`${prefix}-points-effect`}
      >
        {describePointsEffect(outcome)}
      </View>
    </View>
  );
}

/**
 * Full or partial refund of one checkout: amount → the BFF's preview (nothing written) → confirm.
 * One Idempotency-Key per refund body, kept across retries.
 */
export function RefundSheet({ storeId, checkout, onRefunded, onClose }: Props) {
  const [amountYuan, setAmountYuan] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [preview, setPreview] = useState<{ body: RefundRequest; answer: RefundPreviewResponse } | null>(null);
  const [result, setResult] = useState<RefundResponse | null>(null);
  const attempt = useRef<{ bodyJson: string; key: string } | null>(null);

  const bodyOf = (): RefundRequest | null => {
    if (!amountYuan.trim()) return {};
    const amount = parseMoneyText(amountYuan, '退款金额');
    if (!amount.ok || amount.value === 0) {
      setError(amount.ok ? '退款金额须大于 0，留空为全额退款。' : amount.message);
      return null;
    }
    return { amountFen: amount.value };
  };

  const run = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      await work();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const showPreview = () => {
    const body = bodyOf();
    if (!body) return;
    return run(async () => setPreview({ body, answer: await previewRefund(storeId, checkout.checkoutId, body) }));
  };

  const confirm = () => {
    if (!preview) return;
    const bodyJson = JSON.stringify(preview.body);
    if (attempt.current?.bodyJson !== bodyJson) attempt.current = { bodyJson, key: newIdempotencyKey() };
    const key = attempt.current.key;
    return run(async () => {
      const done = await refundCheckout(storeId, checkout.checkoutId, preview.body, key);
      setResult(done);
      onRefunded(done);
    });
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
              type={numberInputType('money')}
              placeholder="退款金额（元），留空为全额退款"
              value={amountYuan}
              onInput={(e) => {
                setAmountYuan(e.detail.value);
                setPreview(null); // another amount needs its own preview
              }}
            />
            {preview && (
              <View className="tk-panel" id="refund-preview">
                <Text className="tk-panel__label">退款后将会：</Text>
                <OutcomeRows outcome={preview.answer} prefix="refund-preview" />
              </View>
            )}
            {error && (
              <View className="tk-banner tk-banner--error" id="refund-error">
                {error}
              </View>
            )}
            {preview ? (
              <Button
                id="refund-confirm"
                className="tk-button tk-button--danger"
                disabled={busy || undefined}
                onClick={confirm}
              >
                {preview.body.amountFen === undefined ? '确认全额退款' : '确认部分退款'}{' '}
                {formatFen(preview.answer.refundedFen)}
              </Button>
            ) : (
              <Button
                id="refund-preview-button"
                className="tk-button tk-button--primary"
                disabled={busy || undefined}
                onClick={showPreview}
              >
                {amountYuan.trim() ? '预览部分退款' : '预览全额退款'}
              </Button>
            )}
          </View>
        )}
        {result && (
          <View className="tk-panel" id="refund-result" style={{ marginTop: '24px' }}>
            <View className="tk-banner tk-banner--success">退款成功</View>
            <OutcomeRows outcome={result} prefix="refund" />
          </View>
        )}
        <Button
          id="refund-close"
          className="tk-button tk-button--ghost"
          style={{ marginTop: '16px' }}
          disabled={busy || undefined}
          onClick={onClose}
        >
          {result ? '完成' : '取消'}
        </Button>
      </View>
    </View>
  );
}
