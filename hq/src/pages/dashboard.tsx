import type { SettlementResponse, SettlementRow } from '@tongka/shared-types';
import { Alert, Card, Col, DatePicker, Empty, Row, Space, Statistic, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError, api, query } from '../api/http';
import { useApp } from '../app-context';
import { Chart } from '../components/chart';
import { useStoreNames } from '../components/use-store-names';
import { chainToday, percent, points, yuan } from '../format';

/** GET /api/admin/reports/summary and /daily (the reports contract). */
interface StoreSummary {
  storeId: string;
  storeCode: string;
  storeName: string;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  liabilityPoints: number;
  liabilityFen: number;
  storedValueOutstandingFen: number;
  activeMembers: number;
  redemptionRate: number;
  ownMemberSalesFen: number;
  visitingMemberSalesFen: number;
}
interface Summary {
  from: string;
  to: string;
  stores: StoreSummary[];
  totals: Partial<Omit<StoreSummary, 'storeId' | 'storeCode' | 'storeName'>>;
}
interface DailyPoint {
  date: string;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsExpired: number;
  liabilityPoints: number;
  storedValueOutstandingFen: number;
  activeMembers: number;
}

export default function Dashboard() {
  const { features } = useApp();
  return features.reports ? <ReportsDashboard /> : <FallbackDashboard />;
}

/** Common periods, counted in chain days (today included), worked out when picked. */
const lastDays = (days: number) => (): [Dayjs, Dayjs] => [dayjs(chainToday(1 - days)), dayjs(chainToday())];
const PERIOD_PRESETS = [
  { label: '今天', value: lastDays(1) },
  { label: '近 7 天', value: lastDays(7) },
  { label: '近 30 天', value: lastDays(30) },
];

function ReportsDashboard() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(lastDays(30));
  const [summary, setSummary] = useState<Summary | null>(null);
  const [daily, setDaily] = useState<DailyPoint[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const period = query({ from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
    setError(null);
    Promise.all([
      api.get<Summary>(`/api/admin/reports/summary${period}`),
      api.get<{ items: DailyPoint[] }>(`/api/admin/reports/daily${period}`),
    ])
      .then(([sum, days]) => {
        setSummary(sum);
        setDaily(days.items);
      })
      .catch((caught) => setError(caught instanceof ApiError ? caught.message : String(caught)));
  }, [range]);
  const stores = summary?.stores ?? [];
  const totals = summary?.totals ?? {};
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Space>
        <span>统计期间</span>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          presets={PERIOD_PRESETS}
          onChange={(value) => value?.[0] && value[1] && setRange([value[0], value[1]])}
        />
      </Space>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title="积分负债（点）" value={points(totals.liabilityPoints)} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="积分负债（元）" value={yuan(totals.liabilityFen)} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="兑换率" value={percent(totals.redemptionRate)} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="活跃会员" value={points(totals.activeMembers)} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Card title="积分负债走势">
            <Chart
              testId="chart-liability"
              option={{
                tooltip: { trigger: 'axis' },
                xAxis: { type: 'category', data: daily.map((d) => d.date) },
                yAxis: { type: 'value' },
                series: [{ name: '积分负债', type: 'line', smooth: true, data: daily.map((d) => d.liabilityPoints) }],
              }}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="各门店发放与兑换积分">
            <Chart
              testId="chart-issued-redeemed"
              option={{
                tooltip: { trigger: 'axis' },
                legend: { data: ['发放', '兑换'] },
                xAxis: { type: 'category', data: stores.map((s) => s.storeName) },
                yAxis: { type: 'value' },
                series: [
                  { name: '发放', type: 'bar', data: stores.map((s) => s.pointsIssued) },
                  { name: '兑换', type: 'bar', data: stores.map((s) => s.pointsRedeemed) },
                ],
              }}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="各门店兑换率">
            <Chart
              option={{
                tooltip: { trigger: 'axis', valueFormatter: (v) => percent(Number(v)) },
                xAxis: { type: 'category', data: stores.map((s) => s.storeName) },
                yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
                series: [{ name: '兑换率', type: 'bar', data: stores.map((s) => s.redemptionRate) }],
              }}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card title="活跃会员">
            <Chart
              option={{
                tooltip: { trigger: 'axis' },
                xAxis: { type: 'category', data: daily.map((d) => d.date) },
                yAxis: { type: 'value' },
                series: [{ name: '活跃会员', type: 'line', data: daily.map((d) => d.activeMembers) }],
              }}
            />
          </Card>
        </Col>
      </Row>
      <Card title="门店明细">
        <Table<StoreSummary>
          rowKey="storeId"
          size="small"
          pagination={false}
          dataSource={stores}
          columns={[
            { title: '门店', dataIndex: 'storeName' },
            { title: '发放积分', dataIndex: 'pointsIssued', render: points },
            { title: '兑换积分', dataIndex: 'pointsRedeemed', render: points },
            { title: '过期积分', dataIndex: 'pointsExpired', render: points },
            { title: '积分负债', dataIndex: 'liabilityFen', render: yuan },
            { title: '储值余额', dataIndex: 'storedValueOutstandingFen', render: yuan },
            { title: '兑换率', dataIndex: 'redemptionRate', render: percent },
            { title: '活跃会员', dataIndex: 'activeMembers' },
          ]}
        />
      </Card>
    </Space>
  );
}

interface LedgerAudit {
  balanced: boolean;
  assets: { POINTS: { sum: number }; CNY: { sum: number } };
  mismatchedAccounts: unknown[];
  negativeMemberAccounts: unknown[];
}

/**
 * Without the reports API: the ledger's health, the stores, and this month's inter-store settlement
 * (what existing routes answer), with a note that the report charts come with the reports API.
 */
function FallbackDashboard() {
  const [audit, setAudit] = useState<LedgerAudit | null>(null);
  const [storeCount, setStoreCount] = useState<number | null>(null);
  const [settlement, setSettlement] = useState<SettlementRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const names = useStoreNames();
  useEffect(() => {
    const today = chainToday();
    Promise.all([
      api.get<LedgerAudit>('/api/admin/ledger/audit'),
      api.get<{ items: unknown[]; nextCursor: string | null }>('/api/admin/stores?limit=100'),
      api.get<SettlementResponse>(`/api/admin/settlements${query({ from: `${today.slice(0, 8)}01`, to: today })}`),
    ])
      .then(([ledger, stores, month]) => {
        setAudit(ledger);
        setStoreCount(stores.items.length);
        setSettlement(month.items);
      })
      .catch((caught) => setError(caught instanceof ApiError ? caught.message : String(caught)));
  }, []);
  const pairName = (row: SettlementRow) =>
    `${names.get(row.fromStoreId) ?? row.fromStoreId} → ${names.get(row.toStoreId) ?? row.toStoreId}`;
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="dashboard-fallback">
      <Alert
        type="info"
        showIcon
        message="经营报表尚未启用"
        description="本服务器还没有报表接口（积分负债走势、各门店发放与兑换、兑换率、活跃会员）。报表上线后，这里会显示图表和统计期间选择。"
      />
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={16}>
        <Col span={8}>
          <Card>
            <Statistic title="门店数" value={storeCount ?? '—'} />
          </Card>
        </Col>
        <Col span={8}>
          <Card>
            <Statistic
              title="账本核对"
              valueRender={() =>
                audit ? <Tag color={audit.balanced ? 'green' : 'red'}>{audit.balanced ? '账平' : '账不平'}</Tag> : '—'
              }
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card>
            <Statistic
              title="异常账户"
              value={audit ? audit.mismatchedAccounts.length + audit.negativeMemberAccounts.length : '—'}
            />
          </Card>
        </Col>
      </Row>
      <Card title="本月跨店结算（应付净额，元）">
        {settlement.length ? (
          <Chart
            testId="chart-settlement"
            option={{
              tooltip: { trigger: 'axis', valueFormatter: (v) => yuan(Math.round(Number(v) * 100)) },
              grid: { left: 200 },
              xAxis: { type: 'value' },
              yAxis: { type: 'category', data: settlement.map(pairName) },
              series: [{ name: '应付净额', type: 'bar', data: settlement.map((row) => row.netFen / 100) }],
            }}
          />
        ) : (
          <Empty description={audit || error ? '本月暂无跨店结算' : '加载中'} />
        )}
      </Card>
    </Space>
  );
}
