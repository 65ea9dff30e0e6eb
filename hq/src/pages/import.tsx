import type { AdminImportResponse, Store, StoreList } from '@tongka/shared-types';
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
import { api } from '../api/http';
import { useApp } from '../app-context';
import { messageOf } from '../components/errors';
import { points, yuan } from '../format';

const MAX_CHARS = 60_000;

/** A store's POS export: upload, dry run (duplicates and errors, nothing written), then run. */
export default function Import() {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const [stores, setStores] = useState<Store[]>([]);
  const [storeCode, setStoreCode] = useState<string | undefined>();
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [report, setReport] = useState<AdminImportResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [running, setRunning] = useState<'dry' | 'real' | null>(null);
  useEffect(() => {
    api.get<StoreList>('/api/admin/stores?limit=100').then((page) => setStores(page.items));
  }, []);
  const send = async (dryRun: boolean) => {
    if (!storeCode || !file) return;
    setBusy(true);
    setRunning(dryRun ? 'dry' : 'real');
    setError(null);
    try {
      const answer = await api.post<AdminImportResponse>('/api/admin/imports', { storeCode, csv: file.text, dryRun });
      setReport(answer);
      if (!dryRun) message.success(`导入完成：新建 ${answer.created} 位会员`);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
      setRunning(null);
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
          <Typography.Text code>npm run cli -- import-members</Typography.Text>。
        </Typography.Paragraph>
        <Space>
          <Select
            placeholder="选择门店"
            style={{ width: 240 }}
            value={storeCode}
            onChange={(code) => {
              setStoreCode(code);
              setReport(null);
            }}
            options={stores.map((store) => ({ value: store.code, label: `${store.name}（${store.code}）` }))}
          />
          <Upload
            accept=".csv,text/csv"
            maxCount={1}
            showUploadList={false}
            beforeUpload={async (picked) => {
              const text = await picked.text();
              if (text.length > MAX_CHARS) setError('文件过大，请用命令行导入。');
              else setFile({ name: picked.name, text });
              setReport(null);
              return false;
            }}
          >
            <Button>{file ? `已选择 ${file.name}` : '选择 CSV 文件'}</Button>
          </Upload>
          {canWrite && (
            <Button type="primary" disabled={!storeCode || !file} loading={busy} onClick={() => send(true)}>
              试运行
            </Button>
          )}
          {canWrite && report?.dryRun && (
            <Button type="primary" danger loading={busy} onClick={run}>
              正式导入
            </Button>
          )}
        </Space>
        {running && file && <ImportRunning rows={dataLines(file.text)} dryRun={running === 'dry'} />}
        {error && <Alert type="error" showIcon message={error} />}
        {report && !running && (
          <>
            <Descriptions bordered size="small" column={3} title={report.dryRun ? '试运行结果（未写入）' : '导入结果'}>
              <Descriptions.Item label="总行数">{report.rows}</Descriptions.Item>
              <Descriptions.Item label="新会员">{report.created}</Descriptions.Item>
              <Descriptions.Item label="已有会员">{report.existing}</Descriptions.Item>
              <Descriptions.Item label="积分">{points(report.pointsPosted)}</Descriptions.Item>
              <Descriptions.Item label="储值">{yuan(report.storedValueFenPosted)}</Descriptions.Item>
              <Descriptions.Item label="有问题的行">{report.rejected.length}</Descriptions.Item>
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
                { title: '问题', dataIndex: 'reason' },
              ]}
            />
          </>
        )}
      </Space>
    </Card>
  );
}

/** Data lines of the export (the header and blank lines are not members). */
function dataLines(text: string): number {
  return Math.max(0, text.split(/\r?\n/).filter((line) => line.trim()).length - 1);
}

/**
 * While the import request runs. The BFF answers an import in one request (a web import is at most
 * about 1,500 rows) and has no status to read meanwhile, so the bar shows the work under way rather
 * than a share done; the counts come with the answer.
 */
function ImportRunning(props: { rows: number; dryRun: boolean }) {
  return (
    <div data-testid="import-progress">
      <Progress percent={100} status="active" showInfo={false} />
      <Typography.Text type="secondary">
        {props.dryRun ? '正在检查' : '正在导入'} {props.rows.toLocaleString('zh-CN')} 行，完成前请勿关闭页面…
      </Typography.Text>
    </div>
  );
}
