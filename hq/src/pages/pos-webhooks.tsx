import type { WebhookDelivery as Delivery, Webhook, WebhookCreated } from '@tongka/shared-types';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, query, request } from '../api/http';
import { useApp } from '../app-context';
import { messageOf } from '../components/errors';
import { SecretOnce } from '../components/secret-once';
import { useStoreNames } from '../components/use-store-names';
import { dateTime } from '../format';

const EVENT_NAMES: Record<string, string> = {
  'member.created': '新会员',
  'member.phone_bound': '会员绑定手机',
  'points.changed': '积分变动',
  'refund.created': '退款',
};
const DELIVERY_STATUS: Record<Delivery['status'], { label: string; color: string }> = {
  pending: { label: '待重试', color: 'orange' },
  delivered: { label: '已送达', color: 'green' },
  failed: { label: '失败', color: 'red' },
};

/** Webhook receivers (chain-wide or per store), their latest deliveries with attempts, and replays. */
export function Webhooks() {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const names = useStoreNames();
  const [hooks, setHooks] = useState<Webhook[]>([]);
  const [deliveries, setDeliveries] = useState<Delivery[]>([]);
  const [filter, setFilter] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const [form] = Form.useForm<{ url: string; storeId?: string }>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads
  useEffect(() => {
    setLoading(true);
    setError(null);
    Promise.all([
      api.get<{ items: Webhook[] }>('/api/admin/webhooks'),
      api.get<{ items: Delivery[] }>(`/api/admin/webhooks/deliveries${query({ webhookId: filter })}`),
    ])
      .then(([hookList, deliveryList]) => {
        setHooks(hookList.items);
        setDeliveries(deliveryList.items);
      })
      .catch((caught) => setError(messageOf(caught)))
      .finally(() => setLoading(false));
  }, [filter, tick]);
  const storeLabel = (id: string | null) => (id === null ? '全部门店' : (names.get(id) ?? id));

  const add = async () => {
    const values = await form.validateFields();
    try {
      const answer = await api.post<WebhookCreated>('/api/admin/webhooks', {
        url: values.url.trim(),
        ...(values.storeId ? { storeId: values.storeId } : {}),
      });
      setAdding(false);
      form.resetFields();
      setCreated(answer);
      setTick((n) => n + 1);
    } catch (caught) {
      message.error(messageOf(caught));
    }
  };
  const remove = (hook: Webhook) =>
    modal.confirm({
      title: '删除这个推送地址？',
      content: `${hook.url} 将不再收到新的事件；已排队的推送仍会尝试送达。`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await request('DELETE', `/api/admin/webhooks/${hook.id}`);
          message.success('推送地址已删除');
          setTick((n) => n + 1);
        } catch (caught) {
          message.error(messageOf(caught));
        }
      },
    });
  const replay = async (delivery: Delivery) => {
    try {
      await api.post(`/api/admin/webhooks/deliveries/${delivery.id}/replay`, {});
      message.success('已重新推送');
      setTick((n) => n + 1);
    } catch (caught) {
      message.error(messageOf(caught));
    }
  };

  return (
    <>
      <Card
        title="事件推送（Webhook）"
        extra={
          canWrite && (
            <Button type="primary" onClick={() => setAdding(true)}>
              添加推送地址
            </Button>
          )
        }
      >
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Table<Webhook>
          rowKey="id"
          loading={loading}
          dataSource={hooks}
          pagination={false}
          columns={[
            { title: '推送地址', dataIndex: 'url', ellipsis: true },
            { title: '范围', dataIndex: 'storeId', render: storeLabel },
            { title: '添加时间', dataIndex: 'createdAt', render: dateTime },
            ...(canWrite
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, hook: Webhook) => (
                      <Button size="small" danger onClick={() => remove(hook)}>
                        删除
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card
        title="最近推送记录"
        style={{ marginTop: 16 }}
        extra={
          <Select
            allowClear
            placeholder="全部推送地址"
            style={{ width: 320 }}
            value={filter}
            onChange={setFilter}
            options={hooks.map((hook) => ({ value: hook.id, label: hook.url }))}
          />
        }
      >
        <Table<Delivery>
          rowKey="id"
          size="small"
          loading={loading}
          dataSource={deliveries}
          pagination={{ pageSize: 20 }}
          expandable={{
            rowExpandable: (delivery) => delivery.attempts.length > 0,
            expandedRowRender: (delivery) => (
              <Space direction="vertical">
                {delivery.attempts.map((attempt) => (
                  <Typography.Text key={attempt.attempt}>
                    第 {attempt.attempt} 次 · {dateTime(attempt.at)} · HTTP {attempt.statusCode ?? '无响应'}
                    {attempt.error ? ` · ${attempt.error}` : ''}
                  </Typography.Text>
                ))}
              </Space>
            ),
          }}
          columns={[
            { title: '事件时间', dataIndex: 'createdAt', render: dateTime, width: 110 },
            { title: '事件', dataIndex: 'eventType', render: (type) => EVENT_NAMES[type] ?? type, width: 110 },
            { title: '事件 ID', dataIndex: 'eventId', ellipsis: true },
            {
              title: '状态',
              dataIndex: 'status',
              width: 80,
              render: (status: Delivery['status']) => (
                <Tag color={DELIVERY_STATUS[status].color}>{DELIVERY_STATUS[status].label}</Tag>
              ),
            },
            { title: '尝试次数', key: 'attempts', render: (_, delivery) => delivery.attempts.length, width: 80 },
            { title: '送达时间', dataIndex: 'deliveredAt', render: dateTime, width: 110 },
            { title: '下次重试', dataIndex: 'nextAttemptAt', render: dateTime, width: 110 },
            ...(canWrite
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    width: 100,
                    render: (_: unknown, delivery: Delivery) => (
                      <Button size="small" onClick={() => replay(delivery)}>
                        重新推送
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {adding && (
        <Modal open title="添加推送地址" okText="添加" onOk={add} onCancel={() => setAdding(false)}>
          <Form form={form} layout="vertical">
            <Form.Item
              label="接收地址（http/https）"
              name="url"
              rules={[
                { required: true, message: '请填写接收地址' },
                { pattern: /^https?:\/\/\S+$/, message: '请填写以 http:// 或 https:// 开头的地址' },
              ]}
            >
              <Input id="webhook-url" maxLength={512} placeholder="https://pos.example.com/tongka" />
            </Form.Item>
            <Form.Item label="门店（不选则全部门店）" name="storeId">
              <Select
                allowClear
                options={[...names.entries()]
                  .filter(([id]) => id !== 'HQ')
                  .map(([id, name]) => ({ value: id, label: name }))}
              />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {created && (
        <SecretOnce
          title="推送地址已添加"
          lines={[
            ['地址', created.url],
            ['签名密钥 ID', created.id],
          ]}
          secret={created.secret}
          onClose={() => setCreated(null)}
        />
      )}
    </>
  );
}
