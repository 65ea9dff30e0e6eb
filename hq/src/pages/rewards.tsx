import type { AdminReward, AdminRewardList } from '@tongka/shared-types';
import { Alert, Button, Card, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api } from '../api/http';
import { useApp } from '../app-context';
import { CursorPager } from '../components/cursor-pager';
import { useCursorList } from '../components/use-cursor-list';
import { useStoreNames } from '../components/use-store-names';
import { dateTime, points, yuan } from '../format';
import { ExchangesTable } from './rewards/exchanges-table';
import { RewardForm } from './rewards/reward-form';

/** 积分商城: catalogue items (points, an optional cash part, stock) and the exchanges and pickups made. */
export default function Rewards() {
  const { canWrite } = useApp();
  const storeNames = useStoreNames();
  const list = useCursorList((_cursor) => api.get<AdminRewardList>('/api/admin/rewards'), []);
  const [editing, setEditing] = useState<AdminReward | 'new' | null>(null);
  const price = (reward: AdminReward) =>
    reward.cashPriceFen > 0
      ? `${points(reward.pointsPrice)} 积分 + ${yuan(reward.cashPriceFen)}`
      : `${points(reward.pointsPrice)} 积分`;
  const window = (reward: AdminReward) =>
    reward.activeFrom || reward.activeUntil
      ? `${reward.activeFrom ? dateTime(reward.activeFrom) : '即日起'} 至 ${reward.activeUntil ? dateTime(reward.activeUntil) : '长期'}`
      : '长期';
  const catalogue = (
    <>
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      <Table<AdminReward>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: '还没有兑换商品' }}
        columns={[
          {
            title: '商品',
            dataIndex: 'name',
            render: (name, reward) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{name}</Typography.Text>
                {reward.description && <Typography.Text type="secondary">{reward.description}</Typography.Text>}
              </Space>
            ),
          },
          { title: '兑换价', key: 'price', render: (_, reward) => price(reward) },
          { title: '剩余库存', dataIndex: 'stock', render: points },
          { title: '每人限兑', dataIndex: 'perMemberLimit', render: (limit) => (limit ? `${limit} 件` : '不限') },
          { title: '兑换时间', key: 'window', render: (_, reward) => window(reward) },
          {
            title: '自提门店',
            dataIndex: 'storeIds',
            ellipsis: true,
            render: (ids?: string[]) => (ids ? ids.map((id) => storeNames.get(id) ?? id).join('、') : '全部门店'),
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (status) => (status === 'active' ? <Tag color="green">上架中</Tag> : <Tag>已下架</Tag>),
          },
          ...(canWrite
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  render: (_: unknown, reward: AdminReward) => (
                    <Button size="small" onClick={() => setEditing(reward)}>
                      编辑
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CursorPager {...list} />
    </>
  );
  return (
    <Card
      title="积分商城"
      extra={
        canWrite && (
          <Button type="primary" onClick={() => setEditing('new')}>
            新建商品
          </Button>
        )
      }
    >
      <Tabs
        items={[
          { key: 'catalogue', label: '兑换商品', children: catalogue },
          { key: 'exchanges', label: '兑换与自提记录', children: <ExchangesTable storeNames={storeNames} /> },
        ]}
      />
      {editing && (
        <RewardForm
          reward={editing === 'new' ? null : editing}
          stores={storeNames}
          onClose={(changed) => {
            setEditing(null);
            if (changed) list.reload();
          }}
        />
      )}
    </Card>
  );
}
