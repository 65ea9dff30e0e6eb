import { Alert, App, Button, Card, Form, type FormInstance, Space, Tag } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import type { ZodTypeAny } from 'zod';
import { api } from '../api/http';
import { useApp } from '../app-context';
import { messageOf } from './errors';

/** What GET of an HQ-wide rule answers (the referral rule has no scope/inherited, hence optional). */
export interface HqRuleAnswer<T> {
  ruleId: string | null;
  version: number;
  inherited?: boolean;
  rule: T;
}

/** `T` is the rule as the API holds it (fen, basis points); `F` the form's values (yuan, percent). */
export interface HqRuleCardProps<T, F> {
  title: string;
  /** GET answers the rule in force, PUT saves a new version. */
  path: string;
  /** Checked before the PUT, so a mistake is named in the form instead of as a 400. */
  schema: ZodTypeAny;
  /** Prefix of the test ids: `${testId}-version`, `save-${testId}`. */
  testId: string;
  toForm(rule: T): F;
  fromForm(values: F): unknown;
  children(form: FormInstance<F>): ReactNode;
}

/**
 * One HQ-wide rule: the version in force, its form, and "保存为新版本" (admins only) with a confirm;
 * every save is a new version on the server, so a mistake is undone by saving the old values.
 */
export function HqRuleCard<T, F extends object>(props: HqRuleCardProps<T, F>) {
  const { canWrite } = useApp();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<F>();
  const [current, setCurrent] = useState<HqRuleAnswer<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: form and the converters are stable per page
  useEffect(() => {
    setError(null);
    api
      .get<HqRuleAnswer<T>>(props.path)
      .then((answer) => {
        setCurrent(answer);
        form.setFieldsValue(props.toForm(answer.rule) as Parameters<typeof form.setFieldsValue>[0]);
      })
      .catch((caught) => setError(messageOf(caught)));
  }, [props.path, tick]);

  const save = async () => {
    const values = await form.validateFields();
    const parsed = props.schema.safeParse(props.fromForm(values));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      setError(`规则有误：${issue.path.join('.') || '规则'} — ${issue.message}`);
      return;
    }
    modal.confirm({
      title: `保存新的${props.title}？`,
      content: '保存后生成新版本并立即生效；旧版本保留在操作日志中。',
      okText: '保存',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.put(props.path, parsed.data);
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
    <Card
      title={
        <Space>
          <span>{props.title}</span>
          {current && (
            <Tag color={current.version === 0 ? 'default' : 'blue'} data-testid={`${props.testId}-version`}>
              {current.version === 0 ? '系统默认' : `第 ${current.version} 版`}
            </Tag>
          )}
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" disabled={!canWrite}>
        {props.children(form)}
      </Form>
      {canWrite && (
        <Button type="primary" onClick={save} data-testid={`save-${props.testId}`}>
          保存为新版本
        </Button>
      )}
    </Card>
  );
}

/** Fen ↔ yuan for form fields (InputNumber with two decimals). */
export const toYuan = (fen: number | undefined | null): number | null =>
  fen === undefined || fen === null ? null : fen / 100;
export const toFen = (yuanValue: number | undefined | null): number | undefined =>
  yuanValue === undefined || yuanValue === null ? undefined : Math.round(Number(yuanValue) * 100);

/** Basis points ↔ percent (two decimals). */
export const bpsToPercent = (bps: number | undefined | null): number | null =>
  bps === undefined || bps === null ? null : bps / 100;
export const percentToBps = (percent: number | undefined | null): number | undefined =>
  percent === undefined || percent === null ? undefined : Math.round(Number(percent) * 100);
