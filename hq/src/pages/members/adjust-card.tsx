import { Alert, App, Button, Card, Form, Input, InputNumber, Radio } from 'antd';
import { useState } from 'react';
import { newIdempotencyKey, requestRaw } from '../../api/http';
import { messageOf } from '../../components/errors';
import { yuan } from '../../format';

/** Manual adjustment with a reason, through the ledger; a server with maker/checker may answer 202 (pending approval). */
export function AdjustCard(props: { memberId: string; onDone(): void }) {
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
