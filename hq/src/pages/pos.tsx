import type { PosKey, PosKeyCreated } from '@tongka/shared-types';
import { Alert, App, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, request } from '../api/http';
import { useApp } from '../app-context';
import { messageOf } from '../components/errors';
import { SecretOnce } from '../components/secret-once';
import { useStoreNames } from '../components/use-store-names';
import { dateTime } from '../format';
import { Webhooks } from './pos-webhooks';

/** POS 接入: each store's API keys for its till, and the webhooks the chain's systems receive. */
export default function Pos() {
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <PosKeys />
      <Webhooks />
    </Space>
  );
}

function PosKeys() {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const names = useStoreNames();
  const stores = [...names.entries()].filter(([id]) => id !== 'HQ');
  const [storeId, setStoreId] = useState<string | undefined>();
  const [keys, setKeys] = useState<PosKey[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [tick, setTick] = useState(0);
  const [issuing, setIssuing] = useState(false);
  const [issued, setIssued] = useState<PosKeyCreated | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  useEffect(() => {
    if (!storeId && stores.length > 0) setStoreId(stores[0][0]);
  }, [storeId, stores]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads
  useEffect(() => {
    if (!storeId) return;
    setLoading(true);
    setError(null);
    api
      .get<{ items: PosKey[] }>(`/api/admin/stores/${storeId}/api-keys`)
      .then((answer) => setKeys(answer.items))
      .catch((caught) => setError(messageOf(caught)))
      .finally(() => setLoading(false));
  }, [storeId, tick]);

  const issue = async () => {
    const values = await form.validateFields();
    try {
      const created = await api.post<PosKeyCreated>(`/api/admin/stores/${storeId}/api-keys`, { name: values.name });
      setIssuing(false);
      form.resetFields();
      setIssued(created);
      setTick((n) => n + 1);
    } catch (caught) {
      message.error(messageOf(caught));
    }
  };
  const revoke = (key: PosKey) =>
    modal.confirm({
      title: `停用密钥“${key.name}”？`,
      content: '停用后使用该密钥的收银机将立即无法调用接口，且不能恢复。换钥请先签发新密钥、切换收银机后再停用旧密钥。',
      okText: '停用',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await request('DELETE', `/api/admin/stores/${key.storeId}/api-keys/${key.keyId}`);
          message.success('密钥已停用');
          setTick((n) => n + 1);
        } catch (caught) {
          message.error(messageOf(caught));
        }
      },
    });

  return (
    <Card
      title="收银系统密钥"
      extra={
        <Space>
          <Select
            id="pos-store"
            style={{ width: 240 }}
            placeholder="选择门店"
            value={storeId}
            onChange={setStoreId}
            options={stores.map(([id, name]) => ({ value: id, label: name }))}
          />
          {canWrite && storeId && (
            <Button type="primary" onClick={() => setIssuing(true)}>
              签发密钥
            </Button>
          )}
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {stores.length === 0 ? (
        <Empty description="还没有门店" />
      ) : (
        <Table<PosKey>
          rowKey="keyId"
          loading={loading}
          dataSource={keys}
          pagination={false}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '密钥 ID', dataIndex: 'keyId', render: (id) => <Typography.Text copyable>{id}</Typography.Text> },
            { title: '签发时间', dataIndex: 'createdAt', render: dateTime },
            { title: '最近使用', dataIndex: 'lastUsedAt', render: (at) => (at ? dateTime(at) : '从未使用') },
            {
              title: '状态',
              dataIndex: 'revokedAt',
              render: (at) =>
                at ? (
                  <Space direction="vertical" size={0}>
                    <Tag>已停用</Tag>
                    <Typography.Text type="secondary">{dateTime(at)}</Typography.Text>
                  </Space>
                ) : (
                  <Tag color="green">使用中</Tag>
                ),
            },
            ...(canWrite
              ? [
                  {
                    title: '操作',
                    key: 'actions',
                    render: (_: unknown, key: PosKey) =>
                      !key.revokedAt && (
                        <Button size="small" danger onClick={() => revoke(key)}>
                          停用
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {issuing && (
        <Modal
          open
          title={`签发密钥 · ${names.get(storeId ?? '')}`}
          okText="签发"
          onOk={issue}
          onCancel={() => setIssuing(false)}
        >
          <Form form={form} layout="vertical">
            <Form.Item
              label="名称（如收银机编号）"
              name="name"
              rules={[{ required: true, whitespace: true, message: '请填写名称' }]}
            >
              <Input id="pos-key-name" maxLength={64} />
            </Form.Item>
          </Form>
        </Modal>
      )}
      {issued && (
        <SecretOnce
          title="密钥已签发"
          lines={[
            ['门店', names.get(issued.storeId) ?? issued.storeId],
            ['密钥 ID', issued.keyId],
          ]}
          secret={issued.secret}
          onClose={() => setIssued(null)}
        />
      )}
    </Card>
  );
}
