import type { MemberImport, Store, StoreList } from '@tongka/shared-types';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Progress,
  Select,
  Space,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, newIdempotencyKey } from '../api/http';
import { useApp } from '../app-context';
import { messageOf } from '../components/errors';
import { points, yuan } from '../format';
import { importReasonText } from './import-reasons';

const MAX_CHARS = 60_000;
const POLL_MS = 700;

/** One key per upload and step: a second click replays the first answer instead of a second import. */
const freshKeys = () => ({ dry: newIdempotencyKey(), run: newIdempotencyKey() });

/**
 * A store's POS export: upload, dry run (duplicates and errors, nothing written), then run. Each is
 * an import the BFF works through in the background; the page reads its status until it is done.
 */
export default function Import() {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const [stores, setStores] = useState<Store[]>([]);
  const [storeCode, setStoreCode] = useState<string | undefined>();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<MemberImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [keys, setKeys] = useState(freshKeys);
  const running = report?.status === 'running';
  useEffect(() => {
    api.get<StoreList>('/api/admin/stores?limit=100').then((page) => setStores(page.items));
  }, []);
  // Each answer schedules the next read until the import is done.
  useEffect(() => {
    if (report?.status !== 'running') return;
    const timer = setTimeout(() => {
      api
        .get<MemberImport>(`/api/admin/member-imports/${report.importId}`)
        .then((next) => {
          setReport(next);
          if (next.status === 'done' && !next.dryRun) message.success(`导入完成：新建 ${next.created} 位会员`);
        })
        .catch((caught) => setError(messageOf(caught)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [report, message]);
  const send = async (dryRun: boolean) => {
    if (!storeCode || !file) return;
    setBusy(true);
    setError(null);
    try {
      const body = { storeCode, csv: file.text, dryRun };
      setReport(await api.post<MemberImport>('/api/admin/member-imports', body, dryRun ? keys.dry : keys.run));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  const run = () =>
    modal.confirm({
      title: '确认导入？',
      content: `将为 ${report?.created ?? 0} 位新会员开卡，并入账 ${points(report?.pointsPosted)} 积分、${yuan(report?.storedValueFenPosted)} 储值。同一文件重复导入不会重复入账。`,
      okText: '开始导入',
      cancelText: '取消',
      onOk: () => send(false),
    });
  const step = report && !report.dryRun ? 2 : report ? 1 : 0;
  return (
    <Card title="历史会员导入">
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        <Steps current={step} items={[{ title: '上传文件' }, { title: '试运行检查' }, { title: '正式导入' }]} />
        <Typography.Paragraph type="secondary">
          文件为门店收银系统导出的 CSV（UTF-8）：手机号,姓名,积分,储值(分),注册日期,等级，首行为表头。网页最多导入 6
          万字符（约 1,500 行），更大的文件请用命令行{' '}
          <Typography.Text code>npm run cli -- import-members</Typography.Text>
          。导入在后台分批进行，关闭页面不会中断。
        </Typography.Paragraph>
        <Space>
          <Select
            placeholder="选择门店"
            style={{ width: 240 }}
            value={storeCode}
            disabled={running}
            onChange={(code) => {
              setStoreCode(code);
              setKeys(freshKeys());
              setReport(null);
            }}
            options={stores.map((store) => ({ value: store.code, label: `${store.name}（${store.code}）` }))}
          />
          <Upload
            accept=".csv,text/csv"
            maxCount={1}
            showUploadList={false}
            disabled={running}
            beforeUpload={async (picked) => {
              const text = await picked.text();
              if (text.length > MAX_CHARS) setError('文件过大，请用命令行导入。');
              else setFile({ name: picked.name, text });
              setKeys(freshKeys());
              setReport(null);
              return false;
            }}
          >
            <Button>{file ? `已选择 ${file.name}` : '选择 CSV 文件'}</Button>
          </Upload>
          {canWrite && (
            <Button type="primary" disabled={!storeCode || !file || running} loading={busy} onClick={() => send(true)}>
              试运行
            </Button>
          )}
          {canWrite && report?.dryRun && report.status === 'done' && (
            <Button type="primary" danger loading={busy} onClick={run}>
              正式导入
            </Button>
          )}
        </Space>
        {error && <Alert type="error" showIcon message={error} />}
        {report && <ImportReport report={report} />}
      </Space>
    </Card>
  );
}

/** The import's progress (rows done of the file's rows) and, as they come, its counts and rejected rows. */
function ImportReport({ report }: { report: MemberImport }) {
  const running = report.status === 'running';
  const percent = report.totalRows > 0 ? Math.floor((report.doneRows * 100) / report.totalRows) : 100;
  const verb = report.dryRun ? '检查' : '导入';
  return (
    <>
      <div data-testid="import-progress">
        <Progress percent={percent} status={running ? 'active' : 'success'} />
        <Typography.Text type="secondary" data-testid="import-status">
          {running ? `正在${verb}` : `${verb}完成`}：{points(report.doneRows)} / {points(report.totalRows)} 行
        </Typography.Text>
      </div>
      <Descriptions bordered size="small" column={3} title={report.dryRun ? '试运行结果（未写入）' : '导入结果'}>
        <Descriptions.Item label="总行数">{points(report.totalRows)}</Descriptions.Item>
        <Descriptions.Item label="新会员">
          <span data-testid="import-created">{points(report.created)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="已有会员（更新）">{points(report.existing)}</Descriptions.Item>
        <Descriptions.Item label="积分">{points(report.pointsPosted)}</Descriptions.Item>
        <Descriptions.Item label="储值">{yuan(report.storedValueFenPosted)}</Descriptions.Item>
        <Descriptions.Item label="有问题的行">{points(report.rejected.length)}</Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="line"
        size="small"
        dataSource={report.rejected}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: '没有重复或有误的行' }}
        columns={[
          { title: '行号', dataIndex: 'line' },
          { title: '手机号', dataIndex: 'phone' },
          { title: '问题', dataIndex: 'reason', render: importReasonText },
        ]}
      />
    </>
  );
}
