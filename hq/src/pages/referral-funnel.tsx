import type { ReferralFunnel } from '@tongka/shared-types';
import { Alert, App, Button, Card, DatePicker, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, query } from '../api/http';
import { messageOf } from '../components/errors';
import { useStoreNames } from '../components/use-store-names';
import { chainToday, points, yuan } from '../format';

type FunnelRow = ReferralFunnel['referrers'][number];
type StoreFunnelRow = ReferralFunnel['stores'][number];

/** Rebates of both assets in one cell: points and ¥. */
function rebateText(pointsValue: number, fen: number): string {
  if (!pointsValue && !fen) return '—';
  return [pointsValue ? `${points(pointsValue)} 积分` : '', fen ? yuan(fen) : ''].filter(Boolean).join(' + ');
}

/** The funnel over chain-time days: per store, and the referrers ranked by sign-ups (the HQ leaderboard). */
export function FunnelReport() {
  const { message } = App.useApp();
  const names = useStoreNames();
  const [range, setRange] = useState<[string, string]>([chainToday(-29), chainToday()]);
  const [funnel, setFunnel] = useState<ReferralFunnel | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    setLoading(true);
    setError(null);
    api
      .get<ReferralFunnel>(`/api/admin/reports/referral-funnel${query({ from: range[0], to: range[1] })}`)
      .then(setFunnel)
      .catch((caught) => setError(messageOf(caught)))
      .finally(() => setLoading(false));
  }, [range]);
  const storeName = (id: string | null) => (id === null ? '总部' : (names.get(id) ?? id));
  const ranked = [...(funnel?.referrers ?? [])].sort(
    (a, b) => b.signUps - a.signUps || b.firstPurchases - a.firstPurchases || a.referrerId.localeCompare(b.referrerId),
  );
  const counts = [
    { title: '海报/分享', dataIndex: 'posters' },
    { title: '注册', dataIndex: 'signUps' },
    { title: '首单', dataIndex: 'firstPurchases' },
    {
      title: '待到账返利',
      key: 'pending',
      render: (_: unknown, row: FunnelRow | StoreFunnelRow) => rebateText(row.pendingPoints, row.pendingFen),
    },
    {
      title: '已到账返利',
      key: 'confirmed',
      render: (_: unknown, row: FunnelRow | StoreFunnelRow) => rebateText(row.confirmedPoints, row.confirmedFen),
    },
    {
      title: '退款扣回',
      key: 'clawed',
      render: (_: unknown, row: FunnelRow | StoreFunnelRow) => rebateText(row.clawedBackPoints, row.clawedBackFen),
    },
    { title: '店员提成', dataIndex: 'commissionFen', render: yuan },
  ];
  const download = async () => {
    try {
      await api.download(
        `/api/admin/reports/referral-funnel${query({ from: range[0], to: range[1], format: 'csv' })}`,
        `referral-funnel-${range[0]}-${range[1]}.csv`,
      );
    } catch (caught) {
      message.error(messageOf(caught));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space>
        <span>统计期间</span>
        <DatePicker.RangePicker
          allowClear={false}
          value={[dayjs(range[0]), dayjs(range[1])]}
          onChange={(values) =>
            values?.[0] && values[1] && setRange([values[0].format('YYYY-MM-DD'), values[1].format('YYYY-MM-DD')])
          }
        />
        <Button onClick={download}>下载 CSV</Button>
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Card title="门店推荐漏斗">
        <Table<StoreFunnelRow>
          rowKey={(row) => row.storeId ?? 'HQ'}
          size="small"
          loading={loading}
          dataSource={funnel?.stores ?? []}
          pagination={false}
          columns={[{ title: '门店', dataIndex: 'storeId', render: storeName }, ...counts]}
        />
      </Card>
      <Card title="推荐人排行">
        <Table<FunnelRow>
          rowKey="referrerId"
          size="small"
          loading={loading}
          dataSource={ranked}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: '名次', key: 'rank', width: 60, render: (_, row) => ranked.indexOf(row) + 1 },
            { title: '推荐人', dataIndex: 'referrerId', ellipsis: true },
            { title: '所属门店', dataIndex: 'storeId', render: storeName },
            ...counts,
          ]}
        />
      </Card>
    </Space>
  );
}
