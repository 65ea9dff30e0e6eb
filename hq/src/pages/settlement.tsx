import type { SettlementResponse, SettlementRow } from '@tongka/shared-types';
import { Alert, App, Button, Card, DatePicker, Space, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, query } from '../api/http';
import { messageOf } from '../components/errors';
import { useStoreNames } from '../components/use-store-names';
import { chainToday, points, yuan } from '../format';

/** The inter-store statement of a period (chain-time days, both included), with its CSV for finance. */
export default function Settlement() {
  const { message } = App.useApp();
  const today = chainToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs(`${today.slice(0, 8)}01`), dayjs(today)]);
  const [statement, setStatement] = useState<SettlementResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const names = useStoreNames();
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the period is derived from range
  useEffect(() => {
    setLoading(true);
    setError(null);
    api
      .get<SettlementResponse>(`/api/admin/settlements${query(period)}`)
      .then(setStatement)
      .catch((caught) => setError(messageOf(caught)))
      .finally(() => setLoading(false));
  }, [range]);
  const download = async () => {
    try {
      const name = await api.download(
        `/api/admin/settlements${query({ ...period, format: 'csv' })}`,
        `settlement-${period.from}-${period.to}.csv`,
      );
      message.success(`已下载 ${name}`);
    } catch (caught) {
      message.error(messageOf(caught));
    }
  };
  const name = (id: string) => names.get(id) ?? id;
  const rows = statement?.items ?? [];
  return (
    <Card
      title="门店结算单"
      extra={
        <Space>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
          />
          <Button type="primary" onClick={download}>
            下载 CSV
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Space size="large" style={{ marginBottom: 16 }}>
        <Statistic title="结算对数" value={rows.length} />
        <Statistic title="应结算总额" value={yuan(rows.reduce((sum, row) => sum + row.netFen, 0))} />
      </Space>
      <Table<SettlementRow>
        rowKey={(row) => `${row.fromStoreId}>${row.toStoreId}`}
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '付款方', dataIndex: 'fromStoreId', render: name },
          { title: '收款方', dataIndex: 'toStoreId', render: name },
          { title: '积分', dataIndex: 'points', render: points },
          { title: '积分价值', dataIndex: 'pointsValueFen', render: yuan },
          { title: '储值', dataIndex: 'storedValueFen', render: yuan },
          { title: '应付净额', dataIndex: 'netFen', render: yuan },
        ]}
        locale={{ emptyText: '本期间没有跨店结算' }}
      />
    </Card>
  );
}
