import { type ReferralRule, ReferralRuleSchema } from '@tongka/shared-types';
import { Col, Form, InputNumber, Radio, Row, Select, Space, Switch, Tabs, Typography } from 'antd';
import { useApp } from '../app-context';
import { bpsToPercent, HqRuleCard, percentToBps, toFen, toYuan } from '../components/hq-rule-card';
import { FunnelReport } from './referral-funnel';
import { ReviewQueue } from './referral-review';

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
