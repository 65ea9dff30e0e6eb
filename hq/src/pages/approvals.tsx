import { Alert, App, Button, Card, Radio, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, query } from '../api/http';
import { useApp } from '../app-context';
import { CursorPager } from '../components/cursor-pager';
import { messageOf } from '../components/errors';
import { TextPartsView } from '../components/text-parts-view';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime } from '../format';
import { approvalParts } from './approval-text';

/** GET /api/admin/approvals (maker/checker contract): adjustments waiting for a second admin. */
interface Approval {
  id: string;
  kind: string;
  status: string;
  requestedBy: string;
  targetId: string;
  request: Record<string, unknown>;
  decidedBy: string | null;
  decidedAt: string | null;
  note: string | null;
  createdAt: string;
}

const KINDS: Record<string, string> = { 'member.adjust': '人工调整', 'points.reinstate': '恢复过期积分' };

const STATUS = { pending: '待审批', approved: '已通过', rejected: '已驳回' } as Record<string, string>;

export default function Approvals() {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState('pending');
  const list = useCursorList(
    (cursor) =>
      api.get<{ items: Approval[]; nextCursor: string | null }>(`/api/admin/approvals${query({ status, cursor })}`),
    [status],
  );
  const decide = (approval: Approval, verdict: 'approve' | 'reject') =>
    modal.confirm({
      title: verdict === 'approve' ? '通过这项申请？' : '驳回这项申请？',
      okText: verdict === 'approve' ? '通过' : '驳回',
      okButtonProps: { danger: verdict === 'reject' },
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.post(`/api/admin/approvals/${approval.id}/${verdict}`, {});
          message.success('已处理');
          list.reload();
        } catch (caught) {
          message.error(messageOf(caught));
        }
      },
    });
  return (
    <Card
      title="调整审批"
      extra={
        <Radio.Group value={status} onChange={(event) => setStatus(event.target.value)}>
          {Object.entries(STATUS).map(([value, label]) => (
            <Radio.Button key={value} value={value}>
              {label}
            </Radio.Button>
          ))}
        </Radio.Group>
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} />}
      <Table<Approval>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: '申请时间', dataIndex: 'createdAt', render: dateTime },
          { title: '申请人', dataIndex: 'requestedBy' },
          { title: '事项', dataIndex: 'kind', render: (kind) => KINDS[kind] ?? kind },
          { title: '会员', dataIndex: 'targetId' },
          {
            title: '内容',
            dataIndex: 'request',
            render: (request, row) => <TextPartsView parts={approvalParts(row.kind, request)} />,
          },
          { title: '审批人', dataIndex: 'decidedBy', render: (by) => by ?? '—' },
          { title: '状态', dataIndex: 'status', render: (s) => <Tag>{STATUS[s] ?? s}</Tag> },
          {
            title: '',
            key: 'decide',
            render: (_, row) =>
              canWrite &&
              row.status === 'pending' && (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide(row, 'approve')}>
                    通过
                  </Button>
                  <Button size="small" danger onClick={() => decide(row, 'reject')}>
                    驳回
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <CursorPager {...list} />
    </Card>
  );
}
