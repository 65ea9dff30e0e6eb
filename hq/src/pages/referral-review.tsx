import type { ReferralReview } from '@tongka/shared-types';
import { Alert, App, Button, Card, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, query } from '../api/http';
import { messageOf } from '../components/errors';
import { dateTime, points, yuan } from '../format';

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
export function ReviewQueue() {
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
