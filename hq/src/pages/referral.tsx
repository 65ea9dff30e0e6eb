import { type ReferralFunnel, type ReferralReview, type ReferralRule, ReferralRuleSchema } from '@tongka/shared-types';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { api, query } from '../api/http';
import { useApp } from '../app-context';
import { messageOf } from '../components/errors';
import { bpsToPercent, HqRuleCard, percentToBps, toFen, toYuan } from '../components/hq-rule-card';
import { useStoreNames } from '../components/use-store-names';
import { chainToday, dateTime, points, yuan } from '../format';

/** 推荐有礼: the referral rule, the review queue of held rebates, the referrers' ranking and the funnel. */
export default function Referral() {
  const { canWrite } = useApp();
  // The rule and the review queue are HQ-admin reads; a read-only role sees the reports only.
  const items = [
    ...(canWrite
      ? [
          { key: 'rule', label: '推荐规则', children: <ReferralRuleCard /> },
          { key: 'review', label: '风险审核', children: <ReviewQueue /> },
        ]
      : []),
    { key: 'report', label: '推荐排行与漏斗', children: <FunnelReport /> },
  ];
  return <Tabs items={items} />;
}

interface RuleForm {
  level1: number;
  level2: number;
  asset: 'POINTS' | 'CNY';
  windowDays: number;
  monthlyCap: number | null;
  staffEnabled: boolean;
  staffKind: 'POINTS' | 'COMMISSION';
  staffPercent: number | null;
  staffWithinDays: number | null;
  maxPerHour: number | null;
  maxPerDay: number | null;
}

function toForm(rule: ReferralRule): RuleForm {
  const cap = rule.monthlyCapPerReferrer;
  return {
    level1: bpsToPercent(rule.level1Bps) ?? 0,
    level2: bpsToPercent(rule.level2Bps) ?? 0,
    asset: rule.asset,
    windowDays: rule.windowDays,
    monthlyCap: cap === undefined ? null : rule.asset === 'CNY' ? toYuan(cap) : cap,
    staffEnabled: Boolean(rule.staffReward),
    staffKind: rule.staffReward?.kind ?? 'POINTS',
    staffPercent: bpsToPercent(rule.staffReward?.bps),
    staffWithinDays: rule.staffReward?.withinDays ?? 30,
    // The server's thresholds when HQ set none (bff DEFAULT_VELOCITY): shown, and saved explicitly.
    maxPerHour: rule.velocity?.maxPerHour ?? 10,
    maxPerDay: rule.velocity?.maxPerDay ?? 50,
  };
}

function fromForm(values: RuleForm): ReferralRule {
  const cap = values.monthlyCap;
  return {
    level1Bps: percentToBps(values.level1) ?? 0,
    level2Bps: percentToBps(values.level2) ?? 0,
    asset: values.asset,
    windowDays: values.windowDays,
    ...(cap === null || cap === undefined
      ? {}
      : { monthlyCapPerReferrer: values.asset === 'CNY' ? (toFen(cap) ?? 0) : cap }),
    ...(values.staffEnabled
      ? {
          staffReward: {
            kind: values.staffKind,
            bps: percentToBps(values.staffPercent) ?? 0,
            withinDays: values.staffWithinDays ?? 30,
          },
        }
      : {}),
    velocity: { maxPerHour: values.maxPerHour ?? 10, maxPerDay: values.maxPerDay ?? 50 },
  };
}

const required = (label: string) => [{ required: true, message: `请填写${label}` }];

function ReferralRuleCard() {
  return (
    <HqRuleCard<ReferralRule, RuleForm>
      title="推荐规则"
      path="/api/admin/referral-rule"
      schema={ReferralRuleSchema}
      testId="referral-rule"
      toForm={toForm}
      fromForm={fromForm}
    >
      {() => (
        <Row gutter={24}>
          <Col span={12}>
            <Form.Item label="返利形式" name="asset">
              <Radio.Group id="referral-asset">
                <Radio.Button value="POINTS">积分</Radio.Button>
                <Radio.Button value="CNY">储值金</Radio.Button>
              </Radio.Group>
            </Form.Item>
            <Form.Item label="一级返利比例（% 实付金额）" name="level1" rules={required('一级返利比例')}>
              <InputNumber id="referral-level1" min={0} max={100} precision={2} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item label="二级返利比例（% 实付金额）" name="level2" rules={required('二级返利比例')}>
              <InputNumber id="referral-level2" min={0} max={100} precision={2} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item label="退款观察期（天，期满后返利到账）" name="windowDays" rules={required('退款观察期')}>
              <InputNumber id="referral-window" min={0} max={90} precision={0} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item noStyle dependencies={['asset']}>
              {({ getFieldValue }) => (
                <Form.Item
                  label={`每位推荐人每月返利上限（${getFieldValue('asset') === 'CNY' ? '元' : '积分'}）`}
                  name="monthlyCap"
                >
                  <InputNumber
                    id="referral-cap"
                    min={0}
                    precision={getFieldValue('asset') === 'CNY' ? 2 : 0}
                    placeholder="不限"
                    style={{ width: 200 }}
                  />
                </Form.Item>
              )}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="店员推荐奖励（代替一级返利）" name="staffEnabled" valuePropName="checked">
              <Switch id="referral-staff" />
            </Form.Item>
            <Form.Item noStyle dependencies={['staffEnabled']}>
              {({ getFieldValue }) =>
                getFieldValue('staffEnabled') && (
                  <>
                    <Form.Item label="奖励形式" name="staffKind">
                      <Select
                        style={{ width: 200 }}
                        options={[
                          { value: 'POINTS', label: '积分' },
                          { value: 'COMMISSION', label: '提成（计入工资，不发放）' },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item label="奖励比例（% 实付金额）" name="staffPercent" rules={required('奖励比例')}>
                      <InputNumber min={0} max={100} precision={2} style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item label="注册后多少天内的消费计奖" name="staffWithinDays" rules={required('天数')}>
                      <InputNumber min={1} max={365} precision={0} style={{ width: 200 }} />
                    </Form.Item>
                  </>
                )
              }
            </Form.Item>
            <Typography.Text strong>异常推荐拦截（超出即冻结该推荐人的返利，待审核）</Typography.Text>
            <Space style={{ marginTop: 8 }}>
              <Form.Item label="每小时最多注册" name="maxPerHour" rules={required('每小时上限')}>
                <InputNumber id="referral-max-hour" min={1} max={10_000} precision={0} />
              </Form.Item>
              <Form.Item label="每天最多注册" name="maxPerDay" rules={required('每天上限')}>
                <InputNumber id="referral-max-day" min={1} max={100_000} precision={0} />
              </Form.Item>
            </Space>
          </Col>
        </Row>
      )}
    </HqRuleCard>
  );
}

const REVIEW_REASONS: Record<ReferralReview['reason'], string> = {
  'velocity-hour': '每小时注册过多',
  'velocity-day': '每天注册过多',
  'shared-device': '多个新会员共用设备',
  'shared-payer': '多个新会员共用付款人',
};
const REVIEW_STATUS: Record<ReferralReview['status'], string> = {
  open: '待审核',
  approved: '已放行',
  rejected: '已驳回',
};

function heldText(held: ReferralReview['heldRebates']): string {
  const parts = [`${held.count} 笔`];
  if (held.points) parts.push(`${points(held.points)} 积分`);
  if (held.fen) parts.push(yuan(held.fen));
  return parts.join('，');
}

/** Referrers whose rebates are held (velocity, shared device or payer): release or cancel them. */
function ReviewQueue() {
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState<ReferralReview['status']>('open');
  const [items, setItems] = useState<ReferralReview[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads
  useEffect(() => {
    setLoading(true);
    setError(null);
    api
      .get<{ items: ReferralReview[] }>(`/api/admin/referrals/review${query({ status })}`)
      .then((answer) => setItems(answer.items))
      .catch((caught) => setError(messageOf(caught)))
      .finally(() => setLoading(false));
  }, [status, tick]);

  const decide = (review: ReferralReview, verdict: 'approve' | 'reject') => {
    let note = '';
    modal.confirm({
      title: verdict === 'approve' ? '放行这位推荐人的返利？' : '驳回这位推荐人的返利？',
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            冻结中：{heldText(review.heldRebates)}。
            {verdict === 'approve' ? '放行后返利恢复为待到账，观察期满后发放。' : '驳回后这些返利作废，不再发放。'}
          </Typography.Text>
          <Input.TextArea
            id="review-note"
            maxLength={200}
            placeholder="备注（选填）"
            onChange={(event) => {
              note = event.target.value;
            }}
          />
        </Space>
      ),
      okText: verdict === 'approve' ? '放行' : '驳回',
      okButtonProps: { danger: verdict === 'reject' },
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.post(`/api/admin/referrals/review/${review.id}/${verdict}`, note.trim() ? { note } : {});
          message.success('已处理');
          setTick((n) => n + 1);
        } catch (caught) {
          message.error(messageOf(caught));
        }
      },
    });
  };

  return (
    <Card
      title="返利风险审核"
      extra={
        <Radio.Group value={status} onChange={(event) => setStatus(event.target.value)}>
          {Object.entries(REVIEW_STATUS).map(([value, label]) => (
            <Radio.Button key={value} value={value}>
              {label}
            </Radio.Button>
          ))}
        </Radio.Group>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table<ReferralReview>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '发现时间', dataIndex: 'createdAt', render: dateTime, width: 170 },
          { title: '推荐人', dataIndex: 'referrerId', ellipsis: true },
          { title: '原因', dataIndex: 'reason', render: (reason: ReferralReview['reason']) => REVIEW_REASONS[reason] },
          {
            title: '详情',
            dataIndex: 'details',
            render: (details) => <Typography.Text code>{JSON.stringify(details)}</Typography.Text>,
          },
          { title: '冻结返利', dataIndex: 'heldRebates', render: heldText },
          {
            title: '状态',
            dataIndex: 'status',
            render: (value: ReferralReview['status'], review) => (
              <Space direction="vertical" size={0}>
                <Tag color={value === 'open' ? 'orange' : value === 'approved' ? 'green' : 'red'}>
                  {REVIEW_STATUS[value]}
                </Tag>
                {review.decidedAt && <Typography.Text type="secondary">{dateTime(review.decidedAt)}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_, review) =>
              review.status === 'open' && (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide(review, 'approve')}>
                    放行
                  </Button>
                  <Button size="small" danger onClick={() => decide(review, 'reject')}>
                    驳回
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}

type FunnelRow = ReferralFunnel['referrers'][number];
type StoreFunnelRow = ReferralFunnel['stores'][number];

/** Rebates of both assets in one cell: points and ¥. */
function rebateText(pointsValue: number, fen: number): string {
  if (!pointsValue && !fen) return '—';
  return [pointsValue ? `${points(pointsValue)} 积分` : '', fen ? yuan(fen) : ''].filter(Boolean).join(' + ');
}

/** The funnel over chain-time days: per store, and the referrers ranked by sign-ups (the HQ leaderboard). */
function FunnelReport() {
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
