import {
  type AdminReward,
  type RewardRequest,
  RewardRequestSchema,
  type RewardUpdate,
  RewardUpdateSchema,
} from '@tongka/shared-types';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/http';
import { messageOf } from '../../components/errors';
import { chainInstant } from '../../format';

interface FormValues {
  name: string;
  description?: string;
  pointsPrice: number;
  cashPriceYuan: number | null;
  stock: number;
  perMemberLimit: number | null;
  activeRange: [Dayjs | null, Dayjs | null] | null;
  storeIds: string[];
  status: AdminReward['status'];
}

const day = (value: Dayjs | null | undefined) => (value ? value.format('YYYY-MM-DD') : null);

function toRequest(values: FormValues): RewardRequest {
  const [from, until] = values.activeRange ?? [null, null];
  return {
    name: values.name,
    description: values.description?.trim() || undefined,
    pointsPrice: values.pointsPrice,
    cashPriceFen: values.cashPriceYuan ? Math.round(values.cashPriceYuan * 100) : undefined,
    stock: values.stock,
    perMemberLimit: values.perMemberLimit ?? undefined,
    activeFrom: day(from) ? chainInstant(day(from) as string, '00:00:00') : undefined,
    activeUntil: day(until) ? chainInstant(day(until) as string, '23:59:59') : undefined,
    storeIds: values.storeIds.length ? values.storeIds : undefined,
  };
}

function toUpdate(values: FormValues): RewardUpdate {
  return {
    name: values.name,
    description: values.description?.trim() ?? '',
    pointsPrice: values.pointsPrice,
    cashPriceFen: Math.round((values.cashPriceYuan ?? 0) * 100),
    stock: values.stock,
    perMemberLimit: values.perMemberLimit ?? null,
    status: values.status,
  };
}

/**
 * A new catalogue item, or a change to one: prices apply to later exchanges, the stock is what is
 * left, and taking it off the shelf asks first. The pickup stores and window are set at creation.
 */
export function RewardForm(props: {
  reward: AdminReward | null;
  stores: Map<string, string>;
  onClose(changed: boolean): void;
}) {
  const { message, modal } = App.useApp();
  const { reward } = props;
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const storeOptions = [...props.stores].filter(([id]) => id !== 'HQ').map(([value, label]) => ({ value, label }));
  const send = async (values: FormValues) => {
    const parsed = reward
      ? RewardUpdateSchema.safeParse(toUpdate(values))
      : RewardRequestSchema.safeParse(toRequest(values));
    if (!parsed.success) {
      setError('请检查填写的内容：结束日期需晚于开始日期，价格和库存需为有效数字。');
      return;
    }
    setBusy(true);
    try {
      if (reward) await api.put(`/api/admin/rewards/${reward.id}`, parsed.data);
      else await api.post('/api/admin/rewards', parsed.data);
      message.success(reward ? '已保存' : '商品已创建');
      props.onClose(true);
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    const values = await form.validateFields();
    if (reward?.status === 'active' && values.status === 'ended') {
      modal.confirm({
        title: '下架这件商品？',
        content: '下架后会员不能再兑换；已兑换未自提的仍可到店自提。',
        okText: '下架',
        okButtonProps: { danger: true },
        cancelText: '取消',
        onOk: () => send(values),
      });
    } else {
      await send(values);
    }
  };
  return (
    <Modal
      open
      width={600}
      title={reward ? `编辑商品 · ${reward.name}` : '新建兑换商品'}
      okText={reward ? '保存' : '创建'}
      cancelText="取消"
      confirmLoading={busy}
      onOk={submit}
      onCancel={() => props.onClose(false)}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form<FormValues>
        form={form}
        labelCol={{ span: 6 }}
        initialValues={
          reward
            ? {
                ...reward,
                description: reward.description ?? '',
                cashPriceYuan: reward.cashPriceFen / 100,
                perMemberLimit: reward.perMemberLimit ?? null,
                storeIds: reward.storeIds ?? [],
              }
            : { cashPriceYuan: null, storeIds: [], status: 'active' }
        }
      >
        <Form.Item label="商品名称" name="name" rules={[{ required: true, whitespace: true, message: '请填写名称' }]}>
          <Input id="reward-name" maxLength={64} />
        </Form.Item>
        <Form.Item label="说明" name="description">
          <Input.TextArea id="reward-description" rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item label="所需积分" name="pointsPrice" rules={[{ required: true, message: '请填写积分' }]}>
          <InputNumber id="reward-points" min={1} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="另付现金（元）" name="cashPriceYuan" extra="积分 + 现金（微信支付）；留空为纯积分">
          <InputNumber id="reward-cash" min={0} precision={2} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item
          label={reward ? '剩余库存' : '库存'}
          name="stock"
          rules={[{ required: true, message: '请填写库存' }]}
        >
          <InputNumber id="reward-stock" min={0} precision={0} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item label="每人限兑（件）" name="perMemberLimit" extra="留空为不限">
          <InputNumber id="reward-limit" min={1} max={1000} precision={0} style={{ width: 200 }} />
        </Form.Item>
        {reward ? (
          <Form.Item label="状态" name="status">
            <Radio.Group>
              <Radio.Button value="active">上架</Radio.Button>
              <Radio.Button value="ended">下架</Radio.Button>
            </Radio.Group>
          </Form.Item>
        ) : (
          <>
            <Form.Item label="兑换时间" name="activeRange" extra="按门店所在时区；留空为长期">
              <DatePicker.RangePicker allowEmpty={[true, true]} />
            </Form.Item>
            <Form.Item label="自提门店" name="storeIds" extra="不选为全部门店">
              <Select mode="multiple" allowClear placeholder="全部门店" options={storeOptions} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
