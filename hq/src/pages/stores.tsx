import type { CheckoutListResponse, StaffInviteResponse, Store, StoreList } from '@tongka/shared-types';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { api, query } from '../api/http';
import { useApp } from '../app-context';
import { CursorPager } from '../components/cursor-pager';
import { messageOf } from '../components/errors';
import { useCursorList } from '../components/use-cursor-list';
import { chainToday, dateTime, points, yuan } from '../format';

export default function Stores() {
  const { canWrite } = useApp();
  const list = useCursorList((cursor) => api.get<StoreList>(`/api/admin/stores${query({ limit: 20, cursor })}`), []);
  const [creating, setCreating] = useState(false);
  const [inviteFor, setInviteFor] = useState<Store | null>(null);
  const [ordersOf, setOrdersOf] = useState<Store | null>(null);
  return (
    <Card
      title="门店"
      extra={
        canWrite && (
          <Button type="primary" onClick={() => setCreating(true)}>
            新建门店
          </Button>
        )
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      <Table<Store>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: '门店编码', dataIndex: 'code' },
          { title: '门店名称', dataIndex: 'name' },
          { title: '城市', dataIndex: 'city', render: (city) => city ?? '—' },
          {
            title: '操作',
            key: 'actions',
            render: (_, store) => (
              <Space>
                <Button size="small" onClick={() => setOrdersOf(store)}>
                  订单
                </Button>
                {canWrite && (
                  <Button size="small" onClick={() => setInviteFor(store)}>
                    邀请店员
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <CursorPager {...list} />
      {creating && (
        <CreateStore
          onClose={(created) => {
            setCreating(false);
            if (created) list.reload();
          }}
        />
      )}
      {inviteFor && <InviteStaff store={inviteFor} onClose={() => setInviteFor(null)} />}
      {ordersOf && <StoreOrders store={ordersOf} onClose={() => setOrdersOf(null)} />}
    </Card>
  );
}

function CreateStore(props: { onClose(created: boolean): void }) {
  const [form] = Form.useForm<{ code: string; name: string; city?: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await api.post<Store>('/api/admin/stores', { ...values, city: values.city || undefined });
      props.onClose(true);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="新建门店"
      okText="创建"
      onOk={submit}
      confirmLoading={busy}
      onCancel={() => props.onClose(false)}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          label="门店编码"
          name="code"
          rules={[
            { required: true, message: '请输入门店编码' },
            { pattern: /^[A-Za-z0-9_-]{1,32}$/, message: '只能包含字母、数字、_ 和 -，最多 32 位' },
          ]}
        >
          <Input id="store-code" placeholder="如 SH-001" />
        </Form.Item>
        <Form.Item
          label="门店名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请输入门店名称' }]}
        >
          <Input id="store-name" maxLength={100} />
        </Form.Item>
        <Form.Item label="城市" name="city">
          <Input id="store-city" maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A single-use invite code, shown as text and as the QR the clerk scans in the mini-program. */
function InviteStaff(props: { store: Store; onClose(): void }) {
  const [role, setRole] = useState<'clerk' | 'manager'>('clerk');
  const [invite, setInvite] = useState<(StaffInviteResponse & { qr: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<StaffInviteResponse>(`/api/admin/stores/${props.store.id}/staff-invites`, { role });
      const qr = await QRCode.toDataURL(answer.inviteCode, { margin: 1, width: 220 });
      setInvite({ ...answer, qr });
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={`邀请店员 · ${props.store.name}`} footer={null} onCancel={props.onClose}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {invite ? (
        <Space direction="vertical" align="center" style={{ width: '100%' }} data-testid="invite-result">
          <img src={invite.qr} alt="店员邀请码二维码" width={220} height={220} />
          <Typography.Text>
            邀请码：
            <Typography.Text strong copyable data-testid="invite-code">
              {invite.inviteCode}
            </Typography.Text>
          </Typography.Text>
          <Typography.Text type="secondary">
            请店员在小程序“我的”页扫码或输入邀请码绑定；仅可使用一次，{dateTime(invite.expiresAt)} 前有效。
          </Typography.Text>
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group value={role} onChange={(event) => setRole(event.target.value)}>
            <Radio.Button value="clerk">收银员</Radio.Button>
            <Radio.Button value="manager">店长</Radio.Button>
          </Radio.Group>
          <Button type="primary" loading={busy} onClick={create}>
            生成邀请码
          </Button>
        </Space>
      )}
    </Modal>
  );
}

type CheckoutItem = CheckoutListResponse['items'][number];

/** A store's orders of one day (chain time), with refunds and the day's totals. */
function StoreOrders(props: { store: Store; onClose(): void }) {
  const [date, setDate] = useState(chainToday());
  const [day, setDay] = useState<CheckoutListResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    api
      .get<CheckoutListResponse>(`/api/admin/stores/${props.store.id}/checkouts${query({ date })}`)
      .then(setDay)
      .catch((caught) => setError(messageOf(caught)));
  }, [props.store.id, date]);
  return (
    <Drawer open width={960} title={`${props.store.name} · 订单`} onClose={props.onClose}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <DatePicker
          value={dayjs(date)}
          allowClear={false}
          onChange={(value) => value && setDate(value.format('YYYY-MM-DD'))}
        />
        {error && <Alert type="error" showIcon message={error} />}
        {day && (
          <Space size="large">
            <Statistic title="订单数" value={day.totals.count} />
            <Statistic title="销售额" value={yuan(day.totals.amountFen)} />
            <Statistic title="发放积分" value={points(day.totals.pointsEarned)} />
            <Statistic title="退款" value={yuan(day.totals.refundedFen)} />
          </Space>
        )}
        <Table<CheckoutItem>
          rowKey="checkoutId"
          size="small"
          dataSource={day?.items ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: '时间', dataIndex: 'createdAt', render: dateTime },
            { title: '订单号', dataIndex: 'orderRef' },
            { title: '会员', dataIndex: 'memberId', ellipsis: true },
            { title: '本店会员', dataIndex: 'homeMember', render: (home) => (home ? '是' : '否') },
            { title: '金额', dataIndex: 'amountFen', render: yuan },
            { title: '现金', dataIndex: 'cashDueFen', render: yuan },
            { title: '得积分', dataIndex: 'pointsEarned' },
            { title: '用积分', dataIndex: 'pointsRedeemed' },
            { title: '已退款', dataIndex: 'refundedFen', render: yuan },
          ]}
        />
      </Space>
    </Drawer>
  );
}
