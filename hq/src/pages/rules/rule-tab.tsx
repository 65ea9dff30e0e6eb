import type { RuleVersionRow, Store, StoreList } from '@tongka/shared-types';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { api, query } from '../../api/http';
import { useApp } from '../../app-context';
import { CursorPager } from '../../components/cursor-pager';
import { messageOf } from '../../components/errors';
import { useCursorList } from '../../components/use-cursor-list';
import { dateTime } from '../../format';
import { EarnPreview } from './earn-preview';
import { fromForm, type RuleAnswer, type RuleKindConfig, toForm } from './rule-kinds';
import { RuleNote } from './rule-note';

/** One kind of rule: its form (saved as a new version), its versions, and a preview or what is in force. */
export function RuleTab({ config }: { config: RuleKindConfig }) {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const [scope, setScope] = useState('HQ');
  const [stores, setStores] = useState<Store[]>([]);
  const [current, setCurrent] = useState<RuleAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const [form] = Form.useForm();
  const rulePath = scope === 'HQ' ? `/api/admin/${config.kind}-rule` : `/api/admin/stores/${scope}/${config.kind}-rule`;
  useEffect(() => {
    if (config.kind === 'earn') api.get<StoreList>('/api/admin/stores?limit=100').then((page) => setStores(page.items));
  }, [config.kind]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: form is stable
  useEffect(() => {
    setError(null);
    api
      .get<RuleAnswer>(rulePath)
      .then((answer) => {
        setCurrent(answer);
        form.setFieldsValue(toForm(config, answer.rule));
      })
      .catch((caught) => setError(messageOf(caught)));
  }, [rulePath, tick]);
  const versions = useCursorList(
    (cursor) =>
      api.get<{ items: RuleVersionRow[]; nextCursor: string | null }>(
        `/api/admin/rules/${config.kind}/versions${query({ scope, limit: 10, cursor })}`,
      ),
    [scope, tick],
  );

  const save = async () => {
    const values = await form.validateFields();
    let rule: Record<string, unknown>;
    try {
      rule = fromForm(config, values);
    } catch {
      setError('高级设置不是有效的 JSON。');
      return;
    }
    const parsed = config.schema.safeParse(rule);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(`规则有误：${issue.path.join('.') || '规则'} — ${issue.message}`);
      return;
    }
    modal.confirm({
      title: `保存新的${config.title}规则？`,
      content: '保存后生成新版本并立即生效；旧版本保留，已完成的订单不受影响。',
      okText: '保存',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.put(rulePath, parsed.data);
          message.success('规则已保存');
          setError(null);
          setTick((n) => n + 1);
        } catch (caught) {
          setError(messageOf(caught));
        }
      },
    });
  };

  return (
    <Row gutter={16}>
      <Col span={14}>
        <Card
          title={
            <Space>
              <span>{config.title}规则</span>
              {current && (
                <Tag color={current.inherited ? 'default' : 'blue'} data-testid={`${config.kind}-rule-version`}>
                  {current.version === 0 ? '系统默认' : `第 ${current.version} 版`}
                  {current.inherited ? '（继承）' : ''}
                </Tag>
              )}
            </Space>
          }
          extra={
            config.kind === 'earn' && (
              <Select
                style={{ width: 200 }}
                value={scope}
                onChange={setScope}
                options={[
                  { value: 'HQ', label: '总部默认' },
                  ...stores.map((store) => ({ value: store.id, label: `门店：${store.name}` })),
                ]}
              />
            )
          }
        >
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" disabled={!canWrite}>
            {config.fields.map((field) => (
              <Form.Item
                key={field.name}
                label={field.label}
                name={field.name}
                valuePropName={field.kind === 'bool' ? 'checked' : 'value'}
                rules={field.optional ? [] : [{ required: true, message: `请填写${field.label}` }]}
              >
                {field.kind === 'bool' ? (
                  <Switch />
                ) : (
                  <InputNumber
                    id={`${config.kind}-${field.name}`}
                    style={{ width: 240 }}
                    min={0}
                    max={field.kind === 'percent' ? 100 : undefined}
                    precision={field.kind === 'int' ? 0 : 2}
                    placeholder={field.optional ? (field.emptyMeans ?? '不限') : undefined}
                  />
                )}
              </Form.Item>
            ))}
            {config.advanced && (
              <Form.Item label="高级设置（JSON：等级倍率、品类倍率、活动）" name="advanced">
                <Input.TextArea rows={5} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
            )}
          </Form>
          {canWrite && (
            <Button type="primary" onClick={save} data-testid={`save-${config.kind}-rule`}>
              保存为新版本
            </Button>
          )}
        </Card>
        <Card title="历史版本" style={{ marginTop: 16 }}>
          <Table<RuleVersionRow>
            rowKey="ruleId"
            size="small"
            loading={versions.loading}
            dataSource={versions.items}
            pagination={false}
            columns={[
              { title: '版本', dataIndex: 'version', width: 70 },
              { title: '保存时间', dataIndex: 'createdAt', render: dateTime, width: 170 },
              { title: '操作人', dataIndex: 'createdBy', ellipsis: true, width: 140 },
              {
                title: '内容',
                dataIndex: 'rule',
                render: (rule) => <Typography.Text code>{JSON.stringify(rule)}</Typography.Text>,
              },
            ]}
          />
          <CursorPager {...versions} />
        </Card>
      </Col>
      <Col span={10}>
        {config.kind === 'earn' ? (
          <EarnPreview scope={scope} tick={tick} />
        ) : (
          <RuleNote config={config} current={current} />
        )}
      </Col>
    </Row>
  );
}
