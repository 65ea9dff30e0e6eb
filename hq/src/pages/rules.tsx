import {
  type EarnBreakdown,
  EarnRuleSchema,
  RedeemRuleSchema,
  type RuleVersionRow,
  SettlementRuleSchema,
  type Store,
  type StoreList,
  TierRuleSchema,
} from '@tongka/shared-types';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import type { ZodTypeAny } from 'zod';
import { api, query } from '../api/http';
import { useApp } from '../app-context';
import { CursorPager } from '../components/cursor-pager';
import { messageOf } from '../components/errors';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime, TIER_NAMES, yuan } from '../format';

type FieldKind = 'yuan' | 'decimal' | 'int' | 'percent' | 'bool';
interface Field {
  name: string;
  label: string;
  kind: FieldKind;
  optional?: boolean;
  /** What an empty optional field means. */
  emptyMeans?: string;
}
interface RuleKindConfig {
  kind: 'earn' | 'redeem' | 'tier' | 'settlement';
  title: string;
  schema: ZodTypeAny;
  fields: Field[];
  /** Fields edited as JSON (multipliers, campaigns). */
  advanced?: string[];
}

const KINDS: RuleKindConfig[] = [
  {
    kind: 'earn',
    title: '积分获取',
    schema: EarnRuleSchema,
    fields: [
      { name: 'pointsPerYuan', label: '每消费 1 元得积分', kind: 'decimal' },
      { name: 'minOrderFen', label: '最低订单金额（元）', kind: 'yuan' },
      { name: 'perOrderCapPoints', label: '单笔积分上限', kind: 'int', optional: true },
      { name: 'dailyCapPoints', label: '每日积分上限', kind: 'int', optional: true },
      {
        name: 'pendingDays',
        label: '积分待生效天数（退款期）',
        kind: 'int',
        optional: true,
        emptyMeans: '0（立即生效）',
      },
      { name: 'storedValueEarns', label: '储值支付也得积分', kind: 'bool', optional: true },
    ],
    advanced: ['tierMultipliers', 'categoryMultipliers', 'campaigns'],
  },
  {
    kind: 'redeem',
    title: '积分抵扣',
    schema: RedeemRuleSchema,
    fields: [
      { name: 'pointsPerYuan', label: '多少积分抵 1 元', kind: 'int' },
      { name: 'maxShareOfOrder', label: '最多抵扣订单金额的比例（%）', kind: 'percent' },
      { name: 'minPointsPerUse', label: '单次最少使用积分', kind: 'int', optional: true },
    ],
  },
  {
    kind: 'tier',
    title: '会员等级',
    schema: TierRuleSchema,
    fields: [
      { name: 'silverFen', label: '银卡：近 12 个月消费满（元）', kind: 'yuan' },
      { name: 'goldFen', label: '金卡：近 12 个月消费满（元）', kind: 'yuan' },
      { name: 'diamondFen', label: '钻石：近 12 个月消费满（元）', kind: 'yuan' },
    ],
  },
  {
    kind: 'settlement',
    title: '门店结算',
    schema: SettlementRuleSchema,
    fields: [{ name: 'pointCostFen', label: '每积分结算成本（分）', kind: 'decimal' }],
  },
];

export default function Rules() {
  return (
    <Tabs
      items={KINDS.map((config) => ({ key: config.kind, label: config.title, children: <RuleTab config={config} /> }))}
    />
  );
}

interface RuleAnswer {
  ruleId: string | null;
  version: number;
  scope: string;
  inherited: boolean;
  rule: Record<string, unknown>;
}

function toForm(config: RuleKindConfig, rule: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of config.fields) {
    const value = rule[field.name];
    if (value === undefined) values[field.name] = field.kind === 'bool' ? false : null;
    else if (field.kind === 'yuan') values[field.name] = Number(value) / 100;
    else if (field.kind === 'percent') values[field.name] = Math.round(Number(value) * 10000) / 100;
    else values[field.name] = value;
  }
  if (config.advanced) {
    const extra = Object.fromEntries(
      config.advanced.filter((key) => rule[key] !== undefined).map((key) => [key, rule[key]]),
    );
    values.advanced = JSON.stringify(extra, null, 2);
  }
  return values;
}

function fromForm(config: RuleKindConfig, values: Record<string, unknown>): Record<string, unknown> {
  const rule: Record<string, unknown> = {};
  for (const field of config.fields) {
    const value = values[field.name];
    if (value === null || value === undefined || value === '') continue;
    if (field.kind === 'bool' && value === false) continue;
    if (field.kind === 'yuan') rule[field.name] = Math.round(Number(value) * 100);
    else if (field.kind === 'percent') rule[field.name] = Math.round(Number(value) * 100) / 10000;
    else rule[field.name] = value;
  }
  if (config.advanced && typeof values.advanced === 'string' && values.advanced.trim()) {
    Object.assign(rule, JSON.parse(values.advanced));
  }
  return rule;
}

function RuleTab({ config }: { config: RuleKindConfig }) {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const [scope, setScope] = useState('HQ');
  const [stores, setStores] = useState<Store[]>([]);
  const [current, setCurrent] = useState<RuleAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [form] = Form.useForm();
  const rulePath = scope === 'HQ' ? `/api/admin/${config.kind}-rule` : `/api/admin/stores/${scope}/${config.kind}-rule`;
  useEffect(() => {
    if (config.kind === 'earn') api.get<StoreList>('/api/admin/stores?limit=100').then((page) => setStores(page.items));
  }, [config.kind]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: form is stable
  useEffect(() => {
    setError(null);
    api
      .get<RuleAnswer>(rulePath)
      .then((answer) => {
        setCurrent(answer);
        form.setFieldsValue(toForm(config, answer.rule));
      })
      .catch((caught) => setError(messageOf(caught)));
  }, [rulePath, tick]);
  const versions = useCursorList(
    (cursor) =>
      api.get<{ items: RuleVersionRow[]; nextCursor: string | null }>(
        `/api/admin/rules/${config.kind}/versions${query({ scope, limit: 10, cursor })}`,
      ),
    [scope, tick],
  );

  const save = async () => {
    const values = await form.validateFields();
    let rule: Record<string, unknown>;
    try {
      rule = fromForm(config, values);
    } catch {
      setError('高级设置不是有效的 JSON。');
      return;
    }
    const parsed = config.schema.safeParse(rule);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(`规则有误：${issue.path.join('.') || '规则'} — ${issue.message}`);
      return;
    }
    modal.confirm({
      title: `保存新的${config.title}规则？`,
      content: '保存后生成新版本并立即生效；旧版本保留，已完成的订单不受影响。',
      okText: '保存',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.put(rulePath, parsed.data);
          message.success('规则已保存');
          setError(null);
          setTick((n) => n + 1);
        } catch (caught) {
          setError(messageOf(caught));
        }
      },
    });
  };

  return (
    <Row gutter={16}>
      <Col span={14}>
        <Card
          title={
            <Space>
              <span>{config.title}规则</span>
              {current && (
                <Tag color={current.inherited ? 'default' : 'blue'} data-testid={`${config.kind}-rule-version`}>
                  {current.version === 0 ? '系统默认' : `第 ${current.version} 版`}
                  {current.inherited ? '（继承）' : ''}
                </Tag>
              )}
            </Space>
          }
          extra={
            config.kind === 'earn' && (
              <Select
                style={{ width: 200 }}
                value={scope}
                onChange={setScope}
                options={[
                  { value: 'HQ', label: '总部默认' },
                  ...stores.map((store) => ({ value: store.id, label: `门店：${store.name}` })),
                ]}
              />
            )
          }
        >
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" disabled={!canWrite}>
            {config.fields.map((field) => (
              <Form.Item
                key={field.name}
                label={field.label}
                name={field.name}
                valuePropName={field.kind === 'bool' ? 'checked' : 'value'}
                rules={field.optional ? [] : [{ required: true, message: `请填写${field.label}` }]}
              >
                {field.kind === 'bool' ? (
                  <Switch />
                ) : (
                  <InputNumber
                    id={`${config.kind}-${field.name}`}
                    style={{ width: 240 }}
                    min={0}
                    max={field.kind === 'percent' ? 100 : undefined}
                    precision={field.kind === 'int' ? 0 : 2}
                    placeholder={field.optional ? (field.emptyMeans ?? '不限') : undefined}
                  />
                )}
              </Form.Item>
            ))}
            {config.advanced && (
              <Form.Item label="高级设置（JSON：等级倍率、品类倍率、活动）" name="advanced">
                <Input.TextArea rows={5} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
            )}
          </Form>
          {canWrite && (
            <Button type="primary" onClick={save} data-testid={`save-${config.kind}-rule`}>
              保存为新版本
            </Button>
          )}
        </Card>
        <Card title="历史版本" style={{ marginTop: 16 }}>
          <Table<RuleVersionRow>
            rowKey="ruleId"
            size="small"
            loading={versions.loading}
            dataSource={versions.items}
            pagination={false}
            columns={[
              { title: '版本', dataIndex: 'version', width: 70 },
              { title: '保存时间', dataIndex: 'createdAt', render: dateTime, width: 170 },
              { title: '操作人', dataIndex: 'createdBy', ellipsis: true, width: 140 },
              {
                title: '内容',
                dataIndex: 'rule',
                render: (rule) => <Typography.Text code>{JSON.stringify(rule)}</Typography.Text>,
              },
            ]}
          />
          <CursorPager {...versions} />
        </Card>
      </Col>
      <Col span={10}>
        {config.kind === 'earn' ? (
          <EarnPreview scope={scope} tick={tick} />
        ) : (
          <RuleNote config={config} current={current} />
        )}
      </Col>
    </Row>
  );
}

function RuleNote({ config, current }: { config: RuleKindConfig; current: RuleAnswer | null }) {
  if (!current) return null;
  return (
    <Card title="当前生效">
      <Descriptions column={1} size="small">
        {config.fields.map((field) => {
          const value = current.rule[field.name];
          const shown =
            value === undefined
              ? (field.emptyMeans ?? '不限')
              : field.kind === 'yuan'
                ? yuan(Number(value))
                : field.kind === 'percent'
                  ? `${Math.round(Number(value) * 10000) / 100}%`
                  : String(value);
          return (
            <Descriptions.Item key={field.name} label={field.label}>
              {shown}
            </Descriptions.Item>
          );
        })}
      </Descriptions>
    </Card>
  );
}

/** What a sample receipt earns under the rule in force (the BFF computes it, writing nothing). */
function EarnPreview({ scope, tick }: { scope: string; tick: number }) {
  const [amount, setAmount] = useState<number | null>(100);
  const [tier, setTier] = useState('basic');
  const [result, setResult] = useState<EarnBreakdown | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads after a write
  useEffect(() => {
    if (amount === null) return;
    setError(null);
    api
      .post<EarnBreakdown>('/api/admin/earn-rule/preview', {
        amountFen: Math.round(amount * 100),
        tier,
        ...(scope === 'HQ' ? {} : { storeId: scope }),
      })
      .then(setResult)
      .catch((caught) => setError(messageOf(caught)));
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
