import { Button, Input, Text, View } from '@tarojs/components';
import { formatFen } from '../../lib/money';
import type { CheckoutResponse } from '../../services/types';
import { EarnBreakdownView } from './earn-breakdown';

interface Props {
  preview: CheckoutResponse;
  submitting: boolean;
  error: string;
  onConfirm: () => void;
  onCancel: () => void;
  /** The manager's approval code typed for a sale to the cashier's own card above the HQ limit. */
  approvalCode?: string;
  onApprovalCode?: (code: string) => void;
  /** The member-approval panel, when the deduction is above HQ's limit. */
  memberApproval?: React.ReactNode;
  /** True while the member has not approved a deduction that needs it. */
  waitingForMember?: boolean;
}

/** A sale to the cashier's own member card: flagged, and above HQ's limit it waits for a manager's code. */
function SelfSaleNotice({
  preview,
  approvalCode,
  onApprovalCode,
}: Pick<Props, 'preview' | 'approvalCode' | 'onApprovalCode'>) {
  const selfSale = preview.selfSale;
  if (!selfSale?.selfSale) return null;
  if (!selfSale.approvalRequired) {
    return (
      <View className="tk-banner tk-banner--warn" id="self-sale-notice">
        这是您本人会员卡的消费，将记录备查。
      </View>
    );
  }
  return (
    <View className="tk-banner tk-banner--warn" id="self-sale-notice">
      <Text>
        这是您本人会员卡的消费，金额超过总部限额 {formatFen(selfSale.approvalAboveFen)}，需要店长批准。
        请店长在「今日」页生成 6 位批准码后填入：
      </Text>
      <Input
        id="self-sale-approval-code"
        className="tk-input"
        type="number"
        maxlength={6}
        placeholder="店长批准码"
        value={approvalCode ?? ''}
        onInput={(e) => onApprovalCode?.(e.detail.value)}
      />
    </View>
  );
}

/** Whether the sheet may be confirmed: a self-sale above the limit waits for a 6-digit code. */
export function needsApprovalCode(preview: CheckoutResponse, approvalCode: string | undefined): boolean {
  const selfSale = preview.selfSale;
  return Boolean(selfSale?.approvalRequired && !selfSale.approved && !/^\d{6}$/.test(approvalCode ?? ''));
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
export function ConfirmSheet({
  preview,
  submitting,
  error,
  onConfirm,
  onCancel,
  approvalCode,
  onApprovalCode,
  memberApproval,
  waitingForMember,
}: Props) {
  const waiting = needsApprovalCode(preview, approvalCode) || Boolean(waitingForMember);
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
        <SelfSaleNotice preview={preview} approvalCode={approvalCode} onApprovalCode={onApprovalCode} />
        {memberApproval}
        {error && (
          <View className="tk-banner tk-banner--error" id="confirm-error" style={{ marginTop: '16px' }}>
            {error}
          </View>
        )}
        <View className="tk-stack" style={{ marginTop: '24px' }}>
          <Button
            id="confirm-button"
            className="tk-button tk-button--primary"
            disabled={submitting || waiting || undefined}
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
