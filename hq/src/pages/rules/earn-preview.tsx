import type { EarnBreakdown } from '@tongka/shared-types';
import { Alert, Card, Descriptions, InputNumber, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/http';
import { messageOf } from '../../components/errors';
import { TIER_NAMES, yuan } from '../../format';

/** What a sample receipt earns under the rule in force (the BFF computes it, writing nothing). */
export function EarnPreview({ scope, tick }: { scope: string; tick: number }) {
  const [amount, setAmount] = useState<number | null>(100);
  const [tier, setTier] = useState('basic');
  const [result, setResult] = useState<EarnBreakdown | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads after a write
  useEffect(() => {
    if (amount === null) return;
    let live = true;
    setError(null);
    api
      .post<EarnBreakdown>('/api/admin/earn-rule/preview', {
        amountFen: Math.round(amount * 100),
        tier,
        ...(scope === 'HQ' ? {} : { storeId: scope }),
      })
      .then((answer) => live && setResult(answer))
      .catch((caught) => live && setError(messageOf(caught)));
    // A slower answer to an earlier receipt or rule version must not overwrite the latest one.
    return () => {
      live = false;
    };
  }, [amount, tier, scope, tick]);
  const reasons: Record<string, string> = {
    EARN_BLOCKED: '会员已被禁止得积分',
    BELOW_MIN_ORDER: '未达最低订单金额',
    NOTHING_PAID: '没有实付金额',
  };
  return (
    <Card title="试算：一张小票能得多少积分">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <span>小票金额（元）</span>
          <InputNumber id="preview-amount" min={0} precision={2} value={amount} onChange={setAmount} />
          <Select
            value={tier}
            onChange={setTier}
            style={{ width: 100 }}
            options={Object.entries(TIER_NAMES).map(([value, label]) => ({ value, label }))}
          />
        </Space>
        {error && <Alert type="error" showIcon message={error} />}
        {result && (
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="可得积分">
              <Typography.Text strong data-testid="preview-points">
                {result.finalPoints}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="计算依据">
              {`${yuan(result.earnBaseFen)} × ${result.pointsPerYuan} 积分/元 × 等级倍率 ${result.tierMultiplier}`}
              {result.campaign ? ` × 活动「${result.campaign.name}」${result.campaign.multiplier}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label="上限">
              {result.caps.applied.length
                ? result.caps.applied.map((cap) => (cap === 'DAILY' ? '每日上限' : '单笔上限')).join('、')
                : '未触及'}
            </Descriptions.Item>
            {result.noEarnReason && (
              <Descriptions.Item label="不得积分原因">{reasons[result.noEarnReason]}</Descriptions.Item>
            )}
            <Descriptions.Item label="规则版本">第 {result.earnRuleVersion} 版</Descriptions.Item>
          </Descriptions>
        )}
      </Space>
    </Card>
  );
}
