import type { CouponTemplate, CouponTemplateUpdate } from '@tongka/shared-types';
import { Alert, App, Descriptions, Form, InputNumber, Modal, Radio } from 'antd';
import { useState } from 'react';
import { api } from '../../api/http';
import { messageOf } from '../../components/errors';
import { points } from '../../format';
import { COUPON_TYPE_NAMES, describeValidity, describeValue } from './describe-template';

/**
 * What may change once coupons are out (PUT /api/admin/coupon-templates/:id): the status and the
 * stock, never below what was given out. The terms stay as members received them.
 */
export function TemplateEditor(props: { template: CouponTemplate; onClose(changed: boolean): void }) {
  const { message, modal } = App.useApp();
  const { template } = props;
  const [form] = Form.useForm<{ status: CouponTemplate['status']; stock: number | null }>();
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const values = await form.validateFields();
    const body: CouponTemplateUpdate = { status: values.status, stock: values.stock ?? undefined };
    const send = async () => {
      try {
        await api.put<CouponTemplate>(`/api/admin/coupon-templates/${template.id}`, body);
        message.success('已保存');
        props.onClose(true);
      } catch (caught) {
        setError(messageOf(caught));
      }
    };
    if (values.status === 'ended' && template.status !== 'ended') {
      modal.confirm({
        title: '结束这张优惠券？',
        content: '结束后不能再发放或领取，也不能重新开始；已发出的券在有效期内仍可使用。',
        okText: '结束',
        okButtonProps: { danger: true },
        cancelText: '取消',
        onOk: send,
      });
    } else {
      await send();
    }
  };
  return (
    <Modal
      open
      title={`编辑优惠券 · ${template.name}`}
      okText="保存"
      cancelText="取消"
      onOk={save}
      onCancel={() => props.onClose(false)}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label="类型">{COUPON_TYPE_NAMES[template.type]}</Descriptions.Item>
        <Descriptions.Item label="优惠">{describeValue(template)}</Descriptions.Item>
        <Descriptions.Item label="有效期">{describeValidity(template)}</Descriptions.Item>
        <Descriptions.Item label="已发放">{points(template.issued)} 张</Descriptions.Item>
      </Descriptions>
      <Form form={form} layout="vertical" initialValues={{ status: template.status, stock: template.stock ?? null }}>
        <Form.Item label="状态" name="status">
          <Radio.Group disabled={template.status === 'ended'}>
            <Radio.Button value="active">发放中</Radio.Button>
            <Radio.Button value="paused">暂停</Radio.Button>
            <Radio.Button value="ended">结束</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          label="总库存（张）"
          name="stock"
          extra={`不能少于已发放的 ${points(template.issued)} 张；留空为不改`}
        >
          <InputNumber id="coupon-edit-stock" min={Math.max(1, template.issued)} precision={0} style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
