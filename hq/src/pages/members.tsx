import type {
  AdminMemberDetail,
  AdminMemberList,
  AdminMemberRow,
  AdminMerge,
  MemberLedgerResponse,
} from '@tongka/shared-types';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, newIdempotencyKey, query, requestRaw } from '../api/http';
import { useApp } from '../app-context';
import { CursorPager } from '../components/cursor-pager';
import { messageOf } from '../components/errors';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime, LEDGER_KIND_NAMES, points, TIER_NAMES, yuan } from '../format';

const STATUS_NAMES: Record<string, string> = { active: '正常', merged: '已合并', deleted: '已注销' };

/** A phone (11 digits, maybe with +86) is looked up by phone; anything else is a member id or referral code. */
function searchQuery(text: string): { phone?: string; q?: string } {
  const trimmed = text.trim();
  if (!trimmed) return {};
  return /^[+\d\s-]{11,}$/.test(trimmed) ? { phone: trimmed } : { q: trimmed };
}

export default function Members() {
  const [search, setSearch] = useState('');
  const [openId, setOpenId] = useState<string | null>(() => new URLSearchParams(window.location.search).get('id'));
  const list = useCursorList(
    (cursor) => api.get<AdminMemberList>(`/api/admin/members${query({ ...searchQuery(search), limit: 20, cursor })}`),
    [search],
  );
  return (
    <Card
      title="会员"
      extra={
        <Input.Search
          id="member-search"
          allowClear
          enterButton="查找"
          placeholder="手机号、会员号或推荐码"
          style={{ width: 360 }}
          onSearch={setSearch}
        />
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      <Table<AdminMemberRow>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        locale={{ emptyText: search ? '没有找到匹配的会员' : '暂无会员' }}
        onRow={(row) => ({ onClick: () => setOpenId(row.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: '会员号', dataIndex: 'id' },
          { title: '手机号', dataIndex: 'phoneMasked', render: (phone) => phone ?? '未绑定' },
          { title: '等级', dataIndex: 'tier', render: (tier) => TIER_NAMES[tier] ?? tier },
          { title: '开卡门店', dataIndex: 'homeStoreName', render: (name) => name ?? '—' },
          { title: '状态', dataIndex: 'status', render: (status, row) => <StatusTags row={row} status={status} /> },
          { title: '注册时间', dataIndex: 'createdAt', render: dateTime },
          {
            title: '',
            key: 'open',
            render: (_, row) => (
              <Button size="small" type="link" onClick={() => setOpenId(row.id)}>
                详情
              </Button>
            ),
          },
        ]}
      />
      <CursorPager {...list} />
      {openId && (
        <MemberDrawer
          memberId={openId}
          onOpen={setOpenId}
          onClose={() => {
            setOpenId(null);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}

function StatusTags({ row, status }: { row: AdminMemberRow; status: string }) {
  return (
    <Space size={4}>
      <Tag color={status === 'active' ? 'green' : 'default'}>{STATUS_NAMES[status] ?? status}</Tag>
      {row.earnBlocked && <Tag color="orange">禁止得积分</Tag>}
      {row.spendBlocked && <Tag color="red">禁止消费</Tag>}
    </Space>
  );
}

function MemberDrawer(props: { memberId: string; onOpen(id: string): void; onClose(): void }) {
  const { canWrite } = useApp();
  const [member, setMember] = useState<AdminMemberDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads after a write
  useEffect(() => {
    setError(null);
    api
      .get<AdminMemberDetail>(`/api/admin/members/${props.memberId}`)
      .then(setMember)
      .catch((caught) => setError(messageOf(caught)));
  }, [props.memberId, tick]);
  return (
    <Drawer open width={920} title={`会员 ${props.memberId}`} onClose={props.onClose}>
      {error && <Alert type="error" showIcon message={error} />}
      {member && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={3} data-testid="member-balances">
            <Descriptions.Item label="积分">{points(member.points)}</Descriptions.Item>
            <Descriptions.Item label="储值余额">{yuan(member.storedValueFen)}</Descriptions.Item>
            <Descriptions.Item label="等级">{TIER_NAMES[member.tier] ?? member.tier}</Descriptions.Item>
            <Descriptions.Item label="待生效积分">{points(member.pendingPoints)}</Descriptions.Item>
            <Descriptions.Item label="积分欠款">{points(member.pointsDebt)}</Descriptions.Item>
            <Descriptions.Item label="30 天内过期">
              {points(member.expiringSoon.reduce((sum, lot) => sum + lot.points, 0))}
            </Descriptions.Item>
            <Descriptions.Item label="手机号">{member.phoneMasked ?? '未绑定'}</Descriptions.Item>
            <Descriptions.Item label="开卡门店">{member.homeStoreName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="推荐码">{member.referralCode}</Descriptions.Item>
            <Descriptions.Item label="状态" span={3}>
              <StatusTags row={member} status={member.status} />
              {member.blockReason && `原因：${member.blockReason}`}
              {member.mergedIntoId && (
                <Button type="link" size="small" onClick={() => props.onOpen(member.mergedIntoId as string)}>
                  已并入 {member.mergedIntoId}
                </Button>
              )}
            </Descriptions.Item>
          </Descriptions>
          {canWrite && member.status === 'active' && (
            <Space align="start" style={{ width: '100%' }} size="middle">
              <AdjustCard memberId={member.id} onDone={reload} />
              <StatusCard member={member} onDone={reload} />
            </Space>
          )}
          <Tabs
            items={[
              {
                key: 'POINTS',
                label: '积分明细',
                children: <LedgerTable memberId={member.id} asset="POINTS" tick={tick} />,
              },
              { key: 'CNY', label: '储值明细', children: <LedgerTable memberId={member.id} asset="CNY" tick={tick} /> },
              {
                key: 'merges',
                label: `合并记录（${member.merges.length}）`,
                children: <Merges member={member} onDone={reload} onOpen={props.onOpen} />,
              },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

/** Manual adjustment with a reason, through the ledger; a server with maker/checker may answer 202 (pending approval). */
function AdjustCard(props: { memberId: string; onDone(): void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ asset: 'POINTS' | 'CNY'; amount: number; reason: string }>();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const values = await form.validateFields();
    const amount = values.asset === 'CNY' ? Math.round(values.amount * 100) : values.amount;
    const shown = values.asset === 'CNY' ? yuan(amount) : `${amount} 积分`;
    const key = newIdempotencyKey();
    modal.confirm({
      title: '确认调整？',
      content: `${amount > 0 ? '增加' : '扣减'} ${shown.replace('-', '')}，原因：${values.reason}`,
      okText: '确认调整',
      cancelText: '取消',
      onOk: async () => {
        try {
          const answer = await requestRaw('POST', `/api/admin/members/${props.memberId}/adjust`, {
            body: { asset: values.asset, amount, reason: values.reason },
            idempotencyKey: key,
          });
          message.success(answer.status === 202 ? '已提交，等待审批' : '调整成功');
          setError(null);
          form.resetFields(['amount', 'reason']);
          props.onDone();
        } catch (caught) {
          setError(messageOf(caught));
        }
      },
    });
  };
  return (
    <Card size="small" title="人工调整" style={{ width: 440 }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      <Form form={form} layout="vertical" initialValues={{ asset: 'POINTS' }}>
        <Form.Item name="asset">
          <Radio.Group>
            <Radio.Button value="POINTS">积分</Radio.Button>
            <Radio.Button value="CNY">储值（元）</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item noStyle shouldUpdate>
          {() => (
            <Form.Item
              label={form.getFieldValue('asset') === 'CNY' ? '金额（元，负数为扣减）' : '积分（负数为扣减）'}
              name="amount"
              rules={[
                { required: true, message: '请输入数量' },
                { validator: (_, v) => (v === 0 ? Promise.reject(new Error('不能为 0')) : Promise.resolve()) },
              ]}
            >
              <InputNumber
                id="adjust-amount"
                style={{ width: 200 }}
                precision={form.getFieldValue('asset') === 'CNY' ? 2 : 0}
              />
            </Form.Item>
          )}
        </Form.Item>
        <Form.Item label="原因" name="reason" rules={[{ required: true, whitespace: true, message: '请填写调整原因' }]}>
          <Input id="adjust-reason" maxLength={200} />
        </Form.Item>
        <Button type="primary" onClick={submit}>
          提交调整
        </Button>
      </Form>
    </Card>
  );
}

function StatusCard(props: { member: AdminMemberDetail; onDone(): void }) {
  const { message, modal } = App.useApp();
  const [earnBlocked, setEarnBlocked] = useState(props.member.earnBlocked);
  const [spendBlocked, setSpendBlocked] = useState(props.member.spendBlocked);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (!reason.trim()) {
      setError('请填写原因。');
      return;
    }
    modal.confirm({
      title: '确认修改会员状态？',
      content: `得积分：${earnBlocked ? '禁止' : '允许'}；消费：${spendBlocked ? '禁止' : '允许'}`,
      okText: '确认',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.put(`/api/admin/members/${props.member.id}/status`, { earnBlocked, spendBlocked, reason });
          message.success('状态已更新');
          setError(null);
          props.onDone();
        } catch (caught) {
          setError(messageOf(caught));
        }
      },
    });
  };
  return (
    <Card size="small" title="会员状态" style={{ width: 400 }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      <Space direction="vertical">
        <Space>
          <Switch checked={earnBlocked} onChange={setEarnBlocked} /> 禁止得积分
        </Space>
        <Space>
          <Switch checked={spendBlocked} onChange={setSpendBlocked} /> 禁止消费（积分与储值）
        </Space>
        <Input
          placeholder="原因（必填）"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={200}
        />
        <Button onClick={submit}>保存状态</Button>
      </Space>
    </Card>
  );
}

type LedgerItem = MemberLedgerResponse['items'][number];

function LedgerTable(props: { memberId: string; asset: 'POINTS' | 'CNY'; tick: number }) {
  const list = useCursorList(
    (cursor) =>
      api.get<MemberLedgerResponse>(
        `/api/admin/members/${props.memberId}/ledger${query({ asset: props.asset, limit: 10, cursor })}`,
      ),
    [props.memberId, props.asset, props.tick],
  );
  return (
    <>
      {list.error && <Alert type="error" showIcon message={list.error} />}
      <Table<LedgerItem>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: dateTime, width: 170 },
          { title: '类型', dataIndex: 'kind', render: (kind) => LEDGER_KIND_NAMES[kind] ?? kind },
          {
            title: props.asset === 'CNY' ? '金额' : '积分',
            dataIndex: 'amount',
            render: (amount: number) =>
              props.asset === 'CNY' ? yuan(amount) : amount > 0 ? `+${amount}` : String(amount),
          },
          { title: '门店', dataIndex: 'storeName', render: (name) => name ?? '总部' },
          { title: '备注', dataIndex: 'note', render: (note) => note ?? '' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (status) => (status === 'pending' ? '待生效' : status === 'voided' ? '已作废' : '已入账'),
          },
        ]}
      />
      <CursorPager {...list} />
    </>
  );
}

function Merges(props: { member: AdminMemberDetail; onDone(): void; onOpen(id: string): void }) {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const undo = (merge: AdminMerge) =>
    modal.confirm({
      title: '撤销这次合并？',
      content: `会员 ${merge.fromMemberId} 将恢复为独立账户，合并时转入的积分和储值退回原账户。`,
      okText: '撤销合并',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.post(`/api/admin/merges/${merge.id}/undo`);
          message.success('已撤销合并');
          props.onDone();
        } catch (caught) {
          message.error(messageOf(caught));
        }
      },
    });
  return (
    <Table<AdminMerge>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={props.member.merges}
      columns={[
        { title: '时间', dataIndex: 'createdAt', render: dateTime },
        {
          title: '被合并会员',
          dataIndex: 'fromMemberId',
          render: (id) => (
            <Button type="link" size="small" onClick={() => props.onOpen(id)}>
              {id}
            </Button>
          ),
        },
        { title: '并入会员', dataIndex: 'toMemberId' },
        {
          title: '原因',
          dataIndex: 'reason',
          render: (reason) => (reason === 'phone' ? '同一手机号' : reason === 'import' ? '历史导入' : reason),
        },
        { title: '撤销时间', dataIndex: 'undoneAt', render: dateTime },
        {
          title: '',
          key: 'undo',
          render: (_, merge) =>
            canWrite && !merge.undoneAt && merge.toMemberId === props.member.id ? (
              <Button size="small" danger onClick={() => undo(merge)}>
                撤销合并
              </Button>
            ) : null,
        },
      ]}
    />
  );
}
