import type { AdminRewardExchange, AdminRewardExchangeList } from '@tongka/shared-types';
import { Alert, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, query } from '../../api/http';
import { CursorPager } from '../../components/cursor-pager';
import { useCursorList } from '../../components/use-cursor-list';
import { dateTime, points, yuan } from '../../format';

const STATUS: Record<AdminRewardExchange['status'], { label: string; color: string }> = {
  ready: { label: '待自提', color: 'blue' },
  fulfilled: { label: '已自提', color: 'green' },
  pending_payment: { label: '待支付', color: 'orange' },
  cancelled: { label: '已取消', color: 'default' },
};

/** Exchanges across the chain, newest first, filtered by status on the server. */
export function ExchangesTable(props: { storeNames: Map<string, string> }) {
  const [status, setStatus] = useState<AdminRewardExchange['status'] | undefined>();
  const list = useCursorList(
    (cursor) => api.get<AdminRewardExchangeList>(`/api/admin/reward-exchanges${query({ status, limit: 20, cursor })}`),
    [status],
  );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        allowClear
        placeholder="全部状态"
        style={{ width: 160 }}
        value={status}
        onChange={setStatus}
        options={Object.entries(STATUS).map(([value, { label }]) => ({ value, label }))}
      />
      {list.error && <Alert type="error" showIcon message={list.error} />}
      <Table<AdminRewardExchange>
        rowKey="exchangeId"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: '暂无兑换记录' }}
        columns={[
          { title: '兑换时间', dataIndex: 'createdAt', render: dateTime, width: 170 },
          { title: '商品', dataIndex: 'rewardName' },
          { title: '数量', dataIndex: 'quantity' },
          { title: '积分', dataIndex: 'pointsSpent', render: points },
          { title: '现金', dataIndex: 'cashFen', render: yuan },
          { title: '会员号', dataIndex: 'memberId', ellipsis: true },
          {
            title: '状态',
            dataIndex: 'status',
            render: (value: AdminRewardExchange['status']) => (
              <Tag color={STATUS[value].color}>{STATUS[value].label}</Tag>
            ),
          },
          {
            title: '自提门店',
            dataIndex: 'fulfilledStoreId',
            render: (id: string | null) => (id ? (props.storeNames.get(id) ?? id) : '—'),
          },
          { title: '自提时间', dataIndex: 'fulfilledAt', render: dateTime, width: 170 },
        ]}
      />
      <CursorPager {...list} />
    </Space>
  );
}
