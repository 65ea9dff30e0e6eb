import {
  type RefundTopupResponse,
  type TopupListQuery,
  type TopupResponse,
  type TopupRule,
  TopupRuleSchema,
} from '@tongka/shared-types';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { api, newIdempotencyKey, query, request } from '../api/http';
import { useApp } from '../app-context';
import { CursorPager } from '../components/cursor-pager';
import { messageOf } from '../components/errors';
import { HqRuleCard, toFen, toYuan } from '../components/hq-rule-card';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime, yuan } from '../format';

/** 储值: the top-up rule (limits, "充500送50" steps, amounts offered) and the top-ups with HQ refunds. */
export default function Topup() {
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <TopupRuleCard />
      <TopupList />
    </Space>
  );
}

interface RuleForm {
  min: number;
  max: number;
  presets: number[];
  bonuses: Array<{ threshold: number; bonus: number }>;
}

function toForm(rule: TopupRule): RuleForm {
  return {
    min: toYuan(rule.minFen) ?? 0,
    max: toYuan(rule.maxFen) ?? 0,
    presets: rule.presetsFen.map((fen) => toYuan(fen) ?? 0),
    bonuses: rule.bonuses.map((step) => ({
      threshold: toYuan(step.thresholdFen) ?? 0,
      bonus: toYuan(step.bonusFen) ?? 0,
    })),
  };
}

function fromForm(values: RuleForm): TopupRule {
  return {
    minFen: toFen(values.min) ?? 0,
    maxFen: toFen(values.max) ?? 0,
    presetsFen: (values.presets ?? []).map((value) => toFen(value) ?? 0),
    bonuses: (values.bonuses ?? [])
      .map((step) => ({ thresholdFen: toFen(step.threshold) ?? 0, bonusFen: toFen(step.bonus) ?? 0 }))
      .sort((a, b) => a.thresholdFen - b.thresholdFen),
  };
}

function TopupRuleCard() {
  const { canWrite } = useApp();
  return (
    <HqRuleCard<TopupRule, RuleForm>
      title="储值规则"
      path="/api/admin/topup-rule"
      schema={TopupRuleSchema}
      testId="topup-rule"
      toForm={toForm}
      fromForm={fromForm}
    >
      {() => (
        <>
          <Space size="large">
            <Form.Item label="单笔最低（元）" name="min" rules={[{ required: true, message: '请填写单笔最低金额' }]}>
              <InputNumber id="topup-min" min={0.01} precision={2} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item label="单笔最高（元）" name="max" rules={[{ required: true, message: '请填写单笔最高金额' }]}>
              <InputNumber id="topup-max" min={0.01} max={50_000} precision={2} style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item label="充值页显示的金额（元）">
            <Form.List name="presets">
              {(fields, { add, remove }) => (
                <Space wrap>
                  {fields.map((field) => (
                    <Space.Compact key={field.key}>
                      <Form.Item name={field.name} noStyle rules={[{ required: true, message: '请填写金额' }]}>
                        <InputNumber
                          id={`topup-preset-${field.name}`}
                          min={0.01}
                          precision={2}
                          style={{ width: 110 }}
                        />
                      </Form.Item>
                      {canWrite && <Button onClick={() => remove(field.name)}>删除</Button>}
                    </Space.Compact>
                  ))}
                  {canWrite && fields.length < 12 && <Button onClick={() => add()}>添加金额</Button>}
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item label="充值赠送（达到档位即送，取最高一档）">
            <Form.List name="bonuses">
              {(fields, { add, remove }) => (
                <Space direction="vertical">
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline" data-testid="topup-bonus-step">
                      <span>充</span>
                      <Form.Item
                        name={[field.name, 'threshold']}
                        noStyle
                        rules={[{ required: true, message: '请填写档位金额' }]}
                      >
                        <InputNumber id={`topup-threshold-${field.name}`} min={0.01} precision={2} />
                      </Form.Item>
                      <span>元 送</span>
                      <Form.Item
                        name={[field.name, 'bonus']}
                        noStyle
                        rules={[{ required: true, message: '请填写赠送金额' }]}
                      >
                        <InputNumber id={`topup-bonus-${field.name}`} min={0.01} precision={2} />
                      </Form.Item>
                      <span>元</span>
                      {canWrite && (
                        <Button size="small" onClick={() => remove(field.name)}>
                          删除
                        </Button>
                      )}
                    </Space>
                  ))}
                  {canWrite && fields.length < 20 && <Button onClick={() => add()}>添加赠送档位</Button>}
                </Space>
              )}
            </Form.List>
          </Form.Item>
        </>
      )}
    </HqRuleCard>
  );
}

const TOPUP_STATUS: Record<TopupResponse['status'], { label: string; color: string }> = {
  pending: { label: '待支付', color: 'default' },
  paid: { label: '已支付', color: 'green' },
  closed: { label: '已关闭', color: 'default' },
};
const REFUND_STATUS: Record<NonNullable<TopupResponse['refund']>['status'], string> = {
  requested: '已申请',
  processing: '退款中',
  success: '已退款',
  closed: '退款关闭',
  abnormal: '退款异常',
};

/** A paid top-up with no refund under way (a closed refund may be asked again). */
const refundable = (topup: TopupResponse) =>
  topup.status === 'paid' && (!topup.refund || topup.refund.status === 'closed');

function TopupList() {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState<TopupListQuery['status']>();
  const [memberId, setMemberId] = useState('');
  const list = useCursorList(
    (cursor) =>
      api.get<{ items: TopupResponse[]; nextCursor: string | null }>(
        `/api/admin/topups${query({ status, memberId: memberId || undefined, limit: 20, cursor })}`,
      ),
    [status, memberId],
  );
  const refund = (topup: TopupResponse) => {
    let reason = '';
    const idempotencyKey = newIdempotencyKey();
    modal.confirm({
      title: `退款 ${yuan(topup.amountFen)}？`,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            将未使用的充值金额原路退回会员微信，剩余赠送金额一并作废；退款到账前金额冻结在卡上。此操作不可撤销。
          </Typography.Text>
          <Input
            id="refund-reason"
            maxLength={80}
            placeholder="退款原因（选填）"
            onChange={(event) => {
              reason = event.target.value;
            }}
          />
        </Space>
      ),
      okText: '确认退款',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          const answer = await request<RefundTopupResponse>('POST', `/api/admin/topups/${topup.topupId}/refund`, {
            body: reason.trim() ? { reason: reason.trim() } : {},
            idempotencyKey,
          });
          message.success(`已提交退款 ${yuan(answer.refundFen)}，作废赠送 ${yuan(answer.bonusForfeitedFen)}`);
          list.reload();
        } catch (caught) {
          message.error(messageOf(caught));
        }
      },
    });
  };
  return (
    <Card
      title="充值记录"
      extra={
        <Space>
          <Input.Search
            id="topup-member"
            placeholder="会员 ID"
            allowClear
            style={{ width: 240 }}
            onSearch={(value) => setMemberId(value.trim())}
          />
          <Select
            style={{ width: 120 }}
            allowClear
            placeholder="全部状态"
            value={status}
            onChange={setStatus}
            options={Object.entries(TOPUP_STATUS).map(([value, { label }]) => ({ value, label }))}
          />
        </Space>
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      <Table<TopupResponse>
        rowKey="topupId"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: '下单时间', dataIndex: 'createdAt', render: dateTime, width: 110 },
          { title: '商户单号', dataIndex: 'outTradeNo', ellipsis: true },
          { title: '充值金额', dataIndex: 'amountFen', render: yuan, width: 90 },
          { title: '赠送', dataIndex: 'bonusFen', render: yuan, width: 80 },
          { title: '门店', dataIndex: 'storeName', render: (name) => name ?? '总部', width: 90, ellipsis: true },
          {
            title: '状态',
            dataIndex: 'status',
            width: 110,
            render: (value: TopupResponse['status'], topup) => (
              <Space direction="vertical" size={0}>
                <Tag color={TOPUP_STATUS[value].color}>{TOPUP_STATUS[value].label}</Tag>
                {topup.paidAt && <Typography.Text type="secondary">{dateTime(topup.paidAt)}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: '退款',
            dataIndex: 'refund',
            width: 140,
            render: (value: TopupResponse['refund']) =>
              value ? (
                <Space direction="vertical" size={0}>
                  <Tag color={value.status === 'success' ? 'red' : 'orange'}>{REFUND_STATUS[value.status]}</Tag>
                  <Typography.Text type="secondary">退 {yuan(value.refundFen)}</Typography.Text>
                  <Typography.Text type="secondary">作废赠送 {yuan(value.bonusForfeitedFen)}</Typography.Text>
                </Space>
              ) : (
                '—'
              ),
          },
          ...(canWrite
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 70,
                  render: (_: unknown, topup: TopupResponse) =>
                    refundable(topup) && (
                      <Button size="small" danger onClick={() => refund(topup)}>
                        退款
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <CursorPager {...list} />
    </Card>
  );
}
