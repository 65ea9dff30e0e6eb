import { Alert, App, Button, Card, Input, Radio, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, query } from '../api/http';
import { useApp } from '../app-context';
import { CursorPager } from '../components/cursor-pager';
import { messageOf } from '../components/errors';
import { TextPartsView } from '../components/text-parts-view';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime } from '../format';
import { evidenceParts } from './risk-evidence-text';

/** GET /api/admin/risk-alerts (the reports contract). */
interface RiskAlert {
  id: string;
  rule: string;
  severity: string;
  subject: string;
  evidence: unknown;
  createdAt: string;
  status: string;
}

const SEVERITY_COLORS: Record<string, string> = { high: 'red', medium: 'orange', low: 'blue' };
const SEVERITY_NAMES: Record<string, string> = { high: '高', medium: '中', low: '低' };
const RULE_NAMES: Record<string, string> = {
  'clerk-refunds': '店员退款次数异常',
  'clerk-few-members': '店员积分集中于少数会员',
  'member-earn-spike': '会员积分激增',
  'clerk-daily-cap': '店员单日积分调动超限',
  'clerk-redemptions': '店员积分抵扣次数异常',
  'signup-shared-device': '多个新会员共用一台设备',
  'signup-shared-payer': '多个新会员共用一个付款人',
};
const SUBJECT_NAMES: Record<string, string> = { staff: '店员', member: '会员', device: '设备', payer: '付款人' };

/** "店员 <id>" from the alert's "staff:<id>". */
function subjectName(subject: string): string {
  const [kind, ...id] = subject.split(':');
  return SUBJECT_NAMES[kind] ? `${SUBJECT_NAMES[kind]} ${id.join(':')}` : subject;
}

export default function RiskAlerts() {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState('open');
  const list = useCursorList(
    (cursor) =>
      api.get<{ items: RiskAlert[]; nextCursor: string | null }>(`/api/admin/risk-alerts${query({ status, cursor })}`),
    [status],
  );
  const acknowledge = (alert: RiskAlert) => {
    let note = '';
    modal.confirm({
      title: '确认已处理这条预警？',
      content: <Input.TextArea placeholder="处理说明" onChange={(event) => (note = event.target.value)} />,
      okText: '确认',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.post(`/api/admin/risk-alerts/${alert.id}/acknowledge`, { note });
          message.success('已确认');
          list.reload();
        } catch (caught) {
          message.error(messageOf(caught));
        }
      },
    });
  };
  return (
    <Card
      title="风险预警"
      extra={
        <Radio.Group value={status} onChange={(event) => setStatus(event.target.value)}>
          <Radio.Button value="open">未处理</Radio.Button>
          <Radio.Button value="acknowledged">已处理</Radio.Button>
        </Radio.Group>
      }
    >
      {list.error && <Alert type="error" showIcon message={list.error} />}
      <Table<RiskAlert>
        rowKey="id"
        loading={list.loading}
        dataSource={list.items}
        pagination={false}
        columns={[
          { title: '时间', dataIndex: 'createdAt', render: dateTime },
          { title: '规则', dataIndex: 'rule', render: (rule) => RULE_NAMES[rule] ?? rule },
          {
            title: '级别',
            dataIndex: 'severity',
            render: (s) => <Tag color={SEVERITY_COLORS[s]}>{SEVERITY_NAMES[s] ?? s}</Tag>,
          },
          { title: '对象', dataIndex: 'subject', render: subjectName },
          {
            title: '依据',
            dataIndex: 'evidence',
            render: (evidence, row) => <TextPartsView parts={evidenceParts(row.rule, evidence)} />,
          },
          {
            title: '',
            key: 'ack',
            render: (_, row) =>
              canWrite &&
              row.status === 'open' && (
                <Button size="small" onClick={() => acknowledge(row)}>
                  确认处理
                </Button>
              ),
          },
        ]}
      />
      <CursorPager {...list} />
    </Card>
  );
}
