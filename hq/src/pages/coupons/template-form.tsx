import { type CouponTemplate, CouponTemplateRequestSchema } from '@tongka/shared-types';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Switch } from 'antd';
import { useState } from 'react';
import { api } from '../../api/http';
import { messageOf } from '../../components/errors';
import { FIELD_LABELS, type FormValues, toRequest } from './template-request';

/** A new coupon template of any kind; the shared schema checks it before it is sent. */
export function TemplateForm(props: { stores: Map<string, string>; onClose(created: boolean): void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const type = Form.useWatch('type', form);
  const validity = Form.useWatch('validity', form);
  const storeOptions = [...props.stores].filter(([id]) => id !== 'HQ').map(([value, label]) => ({ value, label }));
  const submit = async () => {
    const values = await form.validateFields();
    const parsed = CouponTemplateRequestSchema.safeParse(toRequest(values));
    if (!parsed.success) {
      const field = String(parsed.error.issues[0].path[0] ?? '');
      setError(`请检查「${FIELD_LABELS[field] ?? field}」：满减券的减免金额不能超过门槛，有效期需填写日期或天数。`);
      return;
    }
    setBusy(true);
    try {
      await api.post<CouponTemplate>('/api/admin/coupon-templates', parsed.data);
      message.success('优惠券已创建');
      props.onClose(true);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={640}
      title="新建优惠券"
      okText="创建"
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={() => props.onClose(false)}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form<FormValues>
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        initialValues={{
          type: 'AMOUNT_OFF',
          thresholdYuan: 0,
          validity: 'relative',
          validDays: 30,
          storeIds: [],
          fundedBy: 'HQ',
          claimable: false,
          stackable: false,
        }}
      >
        <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input id="coupon-name" maxLength={64} placeholder="如：满 100 减 20" />
        </Form.Item>
        <Form.Item label="类型" name="type">
          <Radio.Group>
            <Radio.Button value="AMOUNT_OFF">满减</Radio.Button>
            <Radio.Button value="PERCENT_OFF">折扣</Radio.Button>
            <Radio.Button value="GIFT">赠品</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item label="使用门槛（元）" name="thresholdYuan" extra="订单满多少元可用，0 为无门槛">
          <InputNumber id="coupon-threshold" min={0} precision={2} style={{ width: 200 }} />
        </Form.Item>
        {type !== 'PERCENT_OFF' && (
          <Form.Item
            label={type === 'GIFT' ? '赠品价值（元）' : '减免金额（元）'}
            name="valueYuan"
            rules={[{ required: true, message: '请填写金额' }]}
          >
            <InputNumber id="coupon-value" min={0.01} precision={2} style={{ width: 200 }} />
          </Form.Item>
        )}
        {type === 'PERCENT_OFF' && (
          <>
            <Form.Item
              label="折扣（折）"
              name="fold"
              extra="如 8.5 表示 8.5 折"
              rules={[{ required: true, message: '请填写折扣' }]}
            >
              <InputNumber id="coupon-fold" min={0.1} max={9.9} step={0.5} precision={1} style={{ width: 200 }} />
            </Form.Item>
            <Form.Item label="最多优惠（元）" name="maxDiscountYuan" extra="留空为不封顶">
              <InputNumber id="coupon-max-discount" min={0.01} precision={2} style={{ width: 200 }} />
            </Form.Item>
          </>
        )}
        <Form.Item label="有效期" name="validity">
          <Radio.Group>
            <Radio value="relative">领取后若干天</Radio>
            <Radio value="fixed">固定日期</Radio>
          </Radio.Group>
        </Form.Item>
        {validity === 'fixed' ? (
          <Form.Item
            label="日期"
            name="validRange"
            extra="按门店所在时区，开始日 00:00 至结束日 23:59:59"
            rules={[{ required: true, message: '请选择日期' }]}
          >
            <DatePicker.RangePicker id="coupon-valid-range" />
          </Form.Item>
        ) : (
          <Form.Item
            label="有效天数"
            name="validDays"
            extra="领取当天算第 1 天，到最后一天 23:59:59"
            rules={[{ required: true, message: '请填写天数' }]}
          >
            <InputNumber id="coupon-valid-days" min={1} max={3660} precision={0} style={{ width: 200 }} />
          </Form.Item>
        )}
        <Form.Item label="适用门店" name="storeIds" extra="不选为全部门店">
          <Select mode="multiple" allowClear placeholder="全部门店" options={storeOptions} />
        </Form.Item>
        <Form.Item label="总库存（张）" name="stock" extra="留空为不限">
          <InputNumber id="coupon-stock" min={1} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="每人限领（张）" name="perMemberLimit" extra="留空为不限">
          <InputNumber id="coupon-limit" min={1} max={1000} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="出资方" name="fundedBy">
          <Select options={[{ value: 'HQ', label: '总部' }, ...storeOptions]} style={{ width: 240 }} />
        </Form.Item>
        <Form.Item label="领券中心可领" name="claimable" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item label="可与其他券叠加" name="stackable" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
