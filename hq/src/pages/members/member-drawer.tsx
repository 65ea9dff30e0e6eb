import type { AdminMemberDetail } from '@tongka/shared-types';
import { Alert, Button, Descriptions, Drawer, Space, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/http';
import { useApp } from '../../app-context';
import { messageOf } from '../../components/errors';
import { points, TIER_NAMES, yuan } from '../../format';
import { AdjustCard } from './adjust-card';
import { LedgerTable } from './ledger-table';
import { Merges } from './merges-table';
import { StatusCard } from './status-card';
import { StatusTags } from './status-tags';

/** One member: balances, status, manual adjustment, ledger and merges. */
export function MemberDrawer(props: { memberId: string; onOpen(id: string): void; onClose(): void }) {
  const { canWrite } = useApp();
  const [member, setMember] = useState<AdminMemberDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads after a write
  useEffect(() => {
    setError(null);
    api
      .get<AdminMemberDetail>(`/api/admin/members/${props.memberId}`)
      .then(setMember)
      .catch((caught) => setError(messageOf(caught)));
  }, [props.memberId, tick]);
  return (
    <Drawer open width={920} title={`会员 ${props.memberId}`} onClose={props.onClose}>
      {error && <Alert type="error" showIcon message={error} />}
      {member && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={3} data-testid="member-balances">
            <Descriptions.Item label="积分">{points(member.points)}</Descriptions.Item>
            <Descriptions.Item label="储值余额">{yuan(member.storedValueFen)}</Descriptions.Item>
            <Descriptions.Item label="等级">{TIER_NAMES[member.tier] ?? member.tier}</Descriptions.Item>
            <Descriptions.Item label="待生效积分">{points(member.pendingPoints)}</Descriptions.Item>
            <Descriptions.Item label="积分欠款">{points(member.pointsDebt)}</Descriptions.Item>
            <Descriptions.Item label="30 天内过期">
              {points(member.expiringSoon.reduce((sum, lot) => sum + lot.points, 0))}
            </Descriptions.Item>
            <Descriptions.Item label="手机号">{member.phoneMasked ?? '未绑定'}</Descriptions.Item>
            <Descriptions.Item label="开卡门店">{member.homeStoreName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="推荐码">{member.referralCode}</Descriptions.Item>
            <Descriptions.Item label="状态" span={3}>
              <StatusTags row={member} status={member.status} />
              {member.blockReason && `原因：${member.blockReason}`}
              {member.mergedIntoId && (
                <Button type="link" size="small" onClick={() => props.onOpen(member.mergedIntoId as string)}>
                  已并入 {member.mergedIntoId}
                </Button>
              )}
            </Descriptions.Item>
          </Descriptions>
          {canWrite && member.status === 'active' && (
            <Space align="start" style={{ width: '100%' }} size="middle">
              <AdjustCard memberId={member.id} onDone={reload} />
              <StatusCard member={member} onDone={reload} />
            </Space>
          )}
          <Tabs
            items={[
              {
                key: 'POINTS',
                label: '积分明细',
                children: <LedgerTable memberId={member.id} asset="POINTS" tick={tick} />,
              },
              { key: 'CNY', label: '储值明细', children: <LedgerTable memberId={member.id} asset="CNY" tick={tick} /> },
              {
                key: 'merges',
                label: `合并记录（${member.merges.length}）`,
                children: <Merges member={member} onDone={reload} onOpen={props.onOpen} />,
              },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}
