import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { formatCountdown } from '../../components/member-approval-sheet';
import { formatFen } from '../../lib/money';
import type { CheckoutResponse, MemberApproval, PinEntryRequest } from '../../services/types';

/** The state the cashier sees, live. */
export function approvalStatusLabel(approval: MemberApproval, nowMs: number): string {
  const leftMs = Date.parse(approval.expiresAt) - nowMs;
  if (approval.status === 'pending') return leftMs > 0 ? `等待会员确认（${formatCountdown(leftMs)}）` : '超时';
  if (approval.status === 'approved') return leftMs > 0 ? '已同意' : '超时';
  return { rejected: '已拒绝', expired: '超时', used: '已使用' }[approval.status];
}

type Fallback = 'pin' | 'code';

const FALLBACK_TEXT: Record<Fallback, { placeholder: string; submit: string; password: boolean }> = {
  pin: { placeholder: '请会员输入 6 位支付密码', submit: '确认密码', password: true },
  code: { placeholder: '输入会员卡上的 6 位离线确认码', submit: '确认', password: false },
};

/**
 * On the confirmation sheet when the deduction is above HQ's limit: ask the member to approve on
 * their phone (the card shows the request), watch the answer, or, when the member's phone has no
 * signal, take their payment PIN or the one-time code their card shows offline.
 */
export function MemberApprovalPanel({
  preview,
  approval,
  error,
  nowMs,
  onAsk,
  onEntry,
}: {
  preview: CheckoutResponse;
  approval: MemberApproval | null;
  error: string;
  nowMs: number;
  onAsk: () => void;
  onEntry: (entry: PinEntryRequest) => void;
}) {
  const [fallback, setFallback] = useState<Fallback | null>(null);
  const [digits, setDigits] = useState('');
  const choose = (next: Fallback) => {
    setFallback(next);
    setDigits('');
  };
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
      {waiting && fallback !== 'pin' && (
        <View id="switch-to-pin" className="tk-muted" onClick={() => choose('pin')}>
          会员手机不在身边？改用支付密码 ›
        </View>
      )}
      {waiting && fallback !== 'code' && (
        <View id="switch-to-code" className="tk-muted" onClick={() => choose('code')}>
          会员手机没网？输入会员卡上的离线确认码 ›
        </View>
      )}
      {waiting && fallback && (
        <View className="tk-row tk-field">
          <Input
            id={fallback === 'pin' ? 'member-pin-input' : 'approval-code-input'}
            className="tk-input"
            type="number"
            password={FALLBACK_TEXT[fallback].password || undefined}
            maxlength={6}
            placeholder={FALLBACK_TEXT[fallback].placeholder}
            value={digits}
            onInput={(e) => setDigits(e.detail.value)}
          />
          <Button
            id={fallback === 'pin' ? 'member-pin-submit' : 'approval-code-submit'}
            className="tk-button tk-button--primary"
            size="mini"
            disabled={!/^\d{6}$/.test(digits) || undefined}
            onClick={() => {
              onEntry(fallback === 'pin' ? { pin: digits } : { approvalCode: digits });
              setDigits('');
            }}
          >
            {FALLBACK_TEXT[fallback].submit}
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
