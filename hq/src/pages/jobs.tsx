import { Alert, App, Button, Card, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/http';
import { useApp } from '../app-context';
import { messageOf } from '../components/errors';
import { dateTime } from '../format';

/** GET /api/admin/jobs (the scheduler contract): each job with its schedule, last run and next run. */
interface JobRow {
  name: string;
  schedule?: string | null;
  running?: boolean;
  lastStartedAt?: string | null;
  lastFinishedAt?: string | null;
  lastDurationMs?: number | null;
  lastProcessed?: number | null;
  lastError?: string | null;
  nextRunAt?: string | null;
}

/** Jobs every server registers; listed when the server cannot list its jobs itself. */
const KNOWN_JOBS = ['expire-points', 'release-pending-points', 'send-outbox', 'refresh-tiers'];

const JOB_NAMES: Record<string, string> = {
  'expire-points': '积分过期',
  'release-pending-points': '待生效积分入账',
  'send-outbox': '发送消息通知',
  'refresh-tiers': '刷新会员等级',
  'confirm-rebates': '确认推荐返利',
  'reconcile-payments': '支付对账',
  'expire-coupons': '优惠券过期',
  'detect-risk': '风险检测',
  'issue-coupons': '批量发券',
  'release-reward-holds': '释放商城待支付库存',
  'send-webhooks': '推送 POS 事件',
  'birthday-gifts': '生日礼',
  'import-members': '历史会员导入',
};

export default function Jobs() {
  const { features, canWrite } = useApp();
  const { message, modal } = App.useApp();
  const [jobs, setJobs] = useState<JobRow[]>(KNOWN_JOBS.map((name) => ({ name })));
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick reloads after a write
  useEffect(() => {
    if (!features.jobsList) return;
    api
      .get<{ items: JobRow[]; schedulerEnabled?: boolean }>('/api/admin/jobs')
      .then((answer) => setJobs(answer.items))
      .catch((caught) => setError(messageOf(caught)));
  }, [features.jobsList, tick]);
  const run = (name: string) =>
    modal.confirm({
      title: `立即运行「${JOB_NAMES[name] ?? name}」？`,
      content: '任务会处理截至现在到期的全部数据（如过期积分），完成后不可撤回。',
      okText: '立即运行',
      cancelText: '取消',
      onOk: async () => {
        setRunning(name);
        try {
          const answer = await api.post<{ processed: number }>(`/api/admin/jobs/${name}/run`, {});
          message.success(`已完成，处理 ${answer.processed} 条`);
          setTick((n) => n + 1);
        } catch (caught) {
          message.error(messageOf(caught));
        } finally {
          setRunning(null);
        }
      },
    });
  return (
    <Card title="定时任务">
      {!features.jobsList && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="本服务器尚未提供任务运行记录，下表列出可手动运行的任务。"
        />
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Table<JobRow>
        rowKey="name"
        dataSource={jobs}
        pagination={false}
        columns={[
          { title: '任务', dataIndex: 'name', render: (name) => `${JOB_NAMES[name] ?? name}（${name}）` },
          { title: '计划', dataIndex: 'schedule', render: (cron) => cron ?? '手动' },
          { title: '上次运行', dataIndex: 'lastStartedAt', render: dateTime },
          {
            title: '结果',
            key: 'result',
            render: (_, job) =>
              job.running ? (
                <Tag color="blue">运行中</Tag>
              ) : job.lastError ? (
                <Tag color="red" title={job.lastError}>
                  失败
                </Tag>
              ) : job.lastFinishedAt ? (
                <Tag color="green">成功</Tag>
              ) : (
                '—'
              ),
          },
          { title: '处理条数', dataIndex: 'lastProcessed', render: (n) => n ?? '—' },
          {
            title: '耗时',
            dataIndex: 'lastDurationMs',
            render: (ms) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} 秒`),
          },
          { title: '下次运行', dataIndex: 'nextRunAt', render: dateTime },
          {
            title: '',
            key: 'run',
            render: (_, job) =>
              canWrite && (
                <Button size="small" loading={running === job.name} onClick={() => run(job.name)}>
                  立即运行
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}
