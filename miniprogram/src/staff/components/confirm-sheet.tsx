import { Button, Text, View } from '@tarojs/components';
import { formatFen } from '../../lib/money';
import type { CheckoutResponse } from '../../services/types';
import { EarnBreakdownView } from './earn-breakdown';

interface Props {
  preview: CheckoutResponse;
  submitting: boolean;
  error: string;
  onConfirm: () => void;
  onCancel: () => void;
}

function Line({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <View className="tk-panel__row">
      <Text className="tk-panel__label">{label}</Text>
      <Text className="tk-panel__value" id={id}>
        {value}
      </Text>
    </View>
  );
}

/** The cashier's confirmation: exactly what the BFF's preview says will happen, before charging. */
export function ConfirmSheet({ preview, submitting, error, onConfirm, onCancel }: Props) {
  return (
    <View className="tk-sheet-mask">
      <View className="tk-sheet" id="confirm-sheet">
        <Text className="tk-title">确认收款</Text>
        <View className="tk-muted">订单号 {preview.orderRef}</View>
        <Line id="preview-amount" label="消费金额" value={formatFen(preview.amountFen)} />
        <Line id="preview-coupon-discount" label="优惠券抵扣" value={`-${formatFen(preview.couponDiscountFen)}`} />
        <Line id="preview-points-redeemed" label="使用积分" value={`${preview.pointsRedeemed} 积分`} />
        <Line id="preview-points-discount" label="积分抵扣" value={`-${formatFen(preview.pointsDiscountFen)}`} />
        <Line id="preview-stored-value" label="储值支付" value={`-${formatFen(preview.storedValuePaidFen)}`} />
        <Line id="preview-points-earned" label="本单得积分" value={`+${preview.pointsEarned}`} />
        <EarnBreakdownView checkout={preview} idPrefix="preview" />
        <View className="tk-row" style={{ marginTop: '24px' }}>
          <Text>应收现金</Text>
          <Text className="tk-sheet__total" id="preview-cash-due">
            {formatFen(preview.cashDueFen)}
          </Text>
        </View>
        <View className="tk-muted">
          结账后会员积分 {preview.member.points}，储值余额 {formatFen(preview.member.storedValueFen)}
        </View>
        {error && (
          <View className="tk-banner tk-banner--error" id="confirm-error" style={{ marginTop: '16px' }}>
            {error}
          </View>
        )}
        <View className="tk-stack" style={{ marginTop: '24px' }}>
          <Button
            id="confirm-button"
            className="tk-button tk-button--primary"
            disabled={submitting || undefined}
            onClick={onConfirm}
          >
            {submitting ? '正在提交…' : error ? '重试提交' : '确认收款'}
          </Button>
          <Button
            id="cancel-button"
            className="tk-button tk-button--ghost"
            disabled={submitting || undefined}
            onClick={onCancel}
          >
            返回修改
          </Button>
        </View>
      </View>
    </View>
  );
}
