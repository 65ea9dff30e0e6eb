import { Button, Text, View } from '@tarojs/components';
import type { MemberApproval } from '@tongka/shared-types';
import { useState } from 'react';
import { formatFen } from '../lib/money';
import { describeError } from '../services/http';
import { decideApproval } from '../services/member-approval';

/** "1:05" left of a request, never below 0:00. */
export function formatCountdown(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
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

/**
 * The card's confirm sheet for a request waiting on the member: a large deduction at the till
 * (store, amount, points and stored value to deduct) or a POS looking them up by phone number.
 * It stays until the member answers or the time runs out; the card finds requests on its refresh.
 */
export function MemberApprovalSheet({
  approval,
  nowMs,
  onDone,
}: {
  approval: MemberApproval;
  nowMs: number;
  onDone: (answer: MemberApproval | null) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const leftMs = Date.parse(approval.expiresAt) - nowMs;
  const answer = async (decision: 'approve' | 'reject') => {
    setBusy(true);
    setError('');
    try {
      onDone(await decideApproval(approval.approvalId, decision));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const lookup = approval.kind === 'phone-lookup';
  return (
    <View className="tk-sheet-mask tk-sheet-mask--over-tabbar">
      <View className="tk-sheet" id="member-approval-sheet">
        <Text className="tk-title">{lookup ? '确认门店查询会员' : '确认本次抵扣'}</Text>
        {lookup ? (
          <View className="tk-muted" id="approval-lookup-text">
            「{approval.storeName}」的收银台正在用你的手机号查找会员卡。同意后，该店可在 10 分钟内为你结账。
          </View>
        ) : (
          <View className="tk-muted">收银员请你确认以下抵扣，确认后才能结账。</View>
        )}
        <Line id="approval-store" label="门店" value={approval.storeName} />
        {!lookup && (
          <>
            <Line id="approval-amount" label="消费金额" value={formatFen(approval.amountFen)} />
            <Line id="approval-points" label="积分抵扣" value={`${approval.points} 积分`} />
            <Line id="approval-stored-value" label="储值支付" value={formatFen(approval.storedValueFen)} />
          </>
        )}
        <View className="tk-muted" id="approval-countdown">
          {leftMs > 0 ? `请在 ${formatCountdown(leftMs)} 内确认` : '已超时'}
        </View>
        {error && (
          <View className="tk-banner tk-banner--error" id="approval-error">
            {error}
          </View>
        )}
        <View className="tk-stack" style={{ marginTop: '24px' }}>
          <Button
            id="approval-approve"
            className="tk-button tk-button--primary"
            disabled={busy || leftMs <= 0 || undefined}
            onClick={() => answer('approve')}
          >
            同意
          </Button>
          <Button
            id="approval-reject"
            className="tk-button tk-button--ghost"
            disabled={busy || undefined}
            onClick={() => (leftMs > 0 ? answer('reject') : onDone(null))}
          >
            {leftMs > 0 ? '拒绝' : '关闭'}
          </Button>
        </View>
      </View>
    </View>
  );
}
