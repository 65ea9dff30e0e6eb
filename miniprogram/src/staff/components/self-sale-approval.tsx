import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { formatFen, parseYuanToFen } from '../../lib/money';
import { describeError } from '../../services/http';
import { createSelfSaleApproval } from '../../services/staff';
import type { SelfSaleApprovalResponse } from '../../services/types';

/**
 * For managers: a 6-digit code that lets a cashier check out their own member card above HQ's
 * limit (one sale, up to the amount typed, for 10 minutes). The cashier types it on the sheet.
 */
export function SelfSaleApproval({ storeId }: { storeId: string }) {
  const [amountYuan, setAmountYuan] = useState('');
  const [approval, setApproval] = useState<SelfSaleApprovalResponse | null>(null);
  const [error, setError] = useState('');
  const create = async () => {
    const maxAmountFen = parseYuanToFen(amountYuan);
    if (!maxAmountFen) {
      setError('请输入批准的最高金额');
      return;
    }
    setError('');
    try {
      setApproval(await createSelfSaleApproval(storeId, maxAmountFen));
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <View className="tk-panel" id="self-sale-approval">
      <Text className="tk-title">店员本人消费批准</Text>
      <View className="tk-row tk-field">
        <Input
          id="self-sale-max-amount"
          className="tk-input"
          type="digit"
          placeholder="最高金额（元）"
          value={amountYuan}
          onInput={(e) => setAmountYuan(e.detail.value)}
        />
        <Button id="self-sale-create" className="tk-button tk-button--primary" size="mini" onClick={create}>
          生成批准码
        </Button>
      </View>
      {approval && (
        <View className="tk-muted" id="self-sale-code">
          批准码 {approval.approvalCode}（最高 {formatFen(approval.maxAmountFen)}，10 分钟内有效，仅限一单）
        </View>
      )}
      {error && <View className="tk-banner tk-banner--error">{error}</View>}
    </View>
  );
}
