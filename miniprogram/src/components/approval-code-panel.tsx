import { Text, View } from '@tarojs/components';
import { approvalCodeAt, secondsUntilNextApprovalCode } from '@tongka/shared-types/dist/approval-code';
import { useState } from 'react';
import type { MemberCodeSecret } from '../services/types';

/**
 * The offline fallback for approving a large deduction: a 6-digit one-time code computed on the
 * device from the member-code secret (no network needed), changing every minute. The member
 * reads it to the clerk, who types it on the till; each code approves one request. Hidden until
 * the member opens it, so it is not on show at the counter.
 */
export function ApprovalCodePanel({ secret, nowMs }: { secret: MemberCodeSecret; nowMs: number }) {
  const [open, setOpen] = useState(false);
  return (
    <View className="tk-panel" id="approval-code-panel">
      <View className="tk-panel__row" id="approval-code-toggle" onClick={() => setOpen((was) => !was)}>
        <Text className="tk-panel__label">离线确认码</Text>
        <Text className="tk-panel__value">{open ? '收起' : '手机没网时用 ›'}</Text>
      </View>
      {open && (
        <View>
          <Text id="approval-code-digits" className="tk-title">
            {approvalCodeAt(secret.secret, nowMs)}
          </Text>
          <View className="tk-muted" id="approval-code-hint">
            收银台需要你确认大额抵扣而手机没网时，把这 6 位数字告诉正在为你结账的收银员。每个确认码只能用一次，
            {secondsUntilNextApprovalCode(nowMs)} 秒后更新。
          </View>
        </View>
      )}
    </View>
  );
}
