import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { formatCountdown } from '../../components/member-approval-sheet';
import { formatFen } from '../../lib/money';
import type { CheckoutResponse, MemberApproval } from '../../services/types';

/** The state the cashier sees, live. */
export function approvalStatusLabel(approval: MemberApproval, nowMs: number): string {
  const leftMs = Date.parse(approval.expiresAt) - nowMs;
  if (approval.status === 'pending') return leftMs > 0 ? `等待会员确认（${formatCountdown(leftMs)}）` : '超时';
  if (approval.status === 'approved') return leftMs > 0 ? '已同意' : '超时';
  return { rejected: '已拒绝', expired: '超时', used: '已使用' }[approval.status];
}

/**
 * On the confirmation sheet when the deduction is above HQ's limit: ask the member to approve on
 * their phone (the card shows the request), watch the answer, or take their payment PIN instead.
 */
export function MemberApprovalPanel({
  preview,
  approval,
  error,
  nowMs,
  onAsk,
  onPin,
}: {
  preview: CheckoutResponse;
  approval: MemberApproval | null;
  error: string;
  nowMs: number;
  onAsk: () => void;
  onPin: (pin: string) => void;
}) {
  const [pinMode, setPinMode] = useState(false);
  const [pin, setPin] = useState('');
  const label = approval ? approvalStatusLabel(approval, nowMs) : null;
  const waiting = approval?.status === 'pending' && label !== '超时';
  const askAgain = !approval || label === '超时' || approval.status === 'rejected' || approval.status === 'used';
  return (
    <View className="tk-banner tk-banner--warn" id="member-approval-panel">
      <Text>
        本单抵扣 {preview.pointsRedeemed} 积分、储值 {formatFen(preview.storedValuePaidFen)}
        ，超过总部限额，需要会员本人确认。
      </Text>
      {label && (
        <View id="member-approval-status" className="tk-title">
          {label}
        </View>
      )}
      {askAgain && (
        <Button id="ask-member-approval" className="tk-button tk-button--primary" onClick={onAsk}>
          {approval ? '重新发起确认' : '请会员在手机上确认'}
        </Button>
      )}
      {waiting && !pinMode && (
        <View id="switch-to-pin" className="tk-muted" onClick={() => setPinMode(true)}>
          会员手机不在身边？改用支付密码 ›
        </View>
      )}
      {waiting && pinMode && (
        <View className="tk-row tk-field">
          <Input
            id="member-pin-input"
            className="tk-input"
            type="number"
            password
            maxlength={6}
            placeholder="请会员输入 6 位支付密码"
            value={pin}
            onInput={(e) => setPin(e.detail.value)}
          />
          <Button
            id="member-pin-submit"
            className="tk-button tk-button--primary"
            size="mini"
            disabled={!/^\d{6}$/.test(pin) || undefined}
            onClick={() => {
              onPin(pin);
              setPin('');
            }}
          >
            确认密码
          </Button>
        </View>
      )}
      {error && (
        <View className="tk-banner tk-banner--error" id="member-approval-error">
          {error}
        </View>
      )}
    </View>
  );
}
