import {
  type CheckInRule,
  CheckInRuleSchema,
  type CouponTemplateList,
  type MemberApprovalRule,
  MemberApprovalRuleSchema,
  type MemberGiftRule,
  MemberGiftRuleSchema,
  type PointsGiftRule,
  PointsGiftRuleSchema,
  type StaffSaleRule,
  StaffSaleRuleSchema,
} from '@tongka/shared-types';
import { Button, Col, Form, InputNumber, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/http';
import { useApp } from '../app-context';
import { HqRuleCard, toFen, toYuan } from '../components/hq-rule-card';

/**
 * 会员活动: daily check-in, member gifts (birthday, sign-up, tier upgrade), points gifts, staff sales
 * and the member's own approval of large deductions.
 */
export default function Engagement() {
  return (
    <Row gutter={[16, 16]}>
      <Col span={12}>
        <CheckInCard />
      </Col>
      <Col span={12}>
        <MemberGiftCard />
      </Col>
      <Col span={12}>
        <PointsGiftCard />
      </Col>
      <Col span={12}>
        <StaffSaleCard />
      </Col>
      <Col span={12}>
        <MemberApprovalCard />
      </Col>
    </Row>
  );
}

const required = (label: string) => [{ required: true, message: `请填写${label}` }];
const pointsInput = (id: string, min = 0) => <InputNumber id={id} min={min} precision={0} style={{ width: 200 }} />;

interface CheckInForm {
  basePoints: number;
  streakBonuses: Array<{ day: number; points: number }>;
}

function CheckInCard() {
  const { canWrite } = useApp();
  return (
    <HqRuleCard<CheckInRule, CheckInForm>
      title="每日签到"
      path="/api/admin/check-in-rule"
      schema={CheckInRuleSchema}
      testId="check-in-rule"
      toForm={(rule): CheckInForm => ({ basePoints: rule.basePoints, streakBonuses: rule.streakBonuses })}
      fromForm={(values: CheckInForm): CheckInRule => ({
        basePoints: values.basePoints,
        streakBonuses: [...(values.streakBonuses ?? [])].sort((a, b) => a.day - b.day),
      })}
    >
      {() => (
        <>
          <Form.Item label="每次签到得积分" name="basePoints" rules={required('签到积分')}>
            {pointsInput('check-in-base', 1)}
          </Form.Item>
          <Form.Item label="连续签到奖励（第 N 天额外加送）">
            <Form.List name="streakBonuses">
              {(fields, { add, remove }) => (
                <Space direction="vertical">
                  {fields.map((field) => (
                    <Space key={field.key} align="baseline">
                      <span>连续第</span>
                      <Form.Item name={[field.name, 'day']} noStyle rules={required('天数')}>
                        <InputNumber min={2} max={366} precision={0} />
                      </Form.Item>
                      <span>天 加送</span>
                      <Form.Item name={[field.name, 'points']} noStyle rules={required('积分')}>
                        <InputNumber min={1} precision={0} />
                      </Form.Item>
                      <span>积分</span>
                      {canWrite && (
                        <Button size="small" onClick={() => remove(field.name)}>
                          删除
                        </Button>
                      )}
                    </Space>
                  ))}
                  {canWrite && fields.length < 20 && <Button onClick={() => add()}>添加连签奖励</Button>}
                </Space>
              )}
            </Form.List>
          </Form.Item>
        </>
      )}
    </HqRuleCard>
  );
}

/** The templates a gift may carry (active ones), as select options, with 不赠送券 first. */
function useGiftCouponOptions(): Array<{ value: string | null; label: string }> {
  const [options, setOptions] = useState<Array<{ value: string | null; label: string }>>([]);
  useEffect(() => {
    let live = true;
    api
      .get<CouponTemplateList>('/api/admin/coupon-templates')
      .then((list) => {
        if (!live) return;
        const active = list.items.filter((template) => template.status === 'active');
        setOptions(active.map((template) => ({ value: template.id, label: template.name })));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return [{ value: null, label: '不赠送券' }, ...options];
}

function MemberGiftCard() {
  const couponOptions = useGiftCouponOptions();
  const couponSelect = (id: string) => (
    <Select id={id} style={{ width: 200 }} options={couponOptions} placeholder="不赠送券" allowClear={false} />
  );
  return (
    <HqRuleCard<MemberGiftRule, MemberGiftRule>
      title="会员礼遇"
      path="/api/admin/member-gift-rule"
      schema={MemberGiftRuleSchema}
      testId="member-gift-rule"
      toForm={(rule) => rule}
      fromForm={(values: MemberGiftRule) => values}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">积分由总部出资；填 0 表示不赠送。</Typography.Paragraph>
          <Space align="start" size="large">
            <Form.Item label="注册礼（积分）" name="signupPoints" rules={required('注册礼积分')}>
              {pointsInput('gift-signup')}
            </Form.Item>
            <Form.Item label="注册礼（优惠券）" name="signupCouponTemplateId">
              {couponSelect('gift-signup-coupon')}
            </Form.Item>
          </Space>
          <Space align="start" size="large">
            <Form.Item label="生日礼（积分）" name="birthdayPoints" rules={required('生日礼积分')}>
              {pointsInput('gift-birthday')}
            </Form.Item>
            <Form.Item label="生日礼（优惠券）" name="birthdayCouponTemplateId">
              {couponSelect('gift-birthday-coupon')}
            </Form.Item>
            <Form.Item label="发放时间" name="birthdayWindow">
              <Radio.Group>
                <Radio.Button value="DAY">生日当天</Radio.Button>
                <Radio.Button value="MONTH">生日当月 1 日</Radio.Button>
              </Radio.Group>
            </Form.Item>
          </Space>
          <Typography.Paragraph style={{ marginBottom: 8 }}>升级礼（积分）</Typography.Paragraph>
          <Space>
            <Form.Item label="银卡" name={['tierPoints', 'silver']} rules={required('银卡升级礼')}>
              <InputNumber min={0} precision={0} />
            </Form.Item>
            <Form.Item label="金卡" name={['tierPoints', 'gold']} rules={required('金卡升级礼')}>
              <InputNumber min={0} precision={0} />
            </Form.Item>
            <Form.Item label="钻石" name={['tierPoints', 'diamond']} rules={required('钻石升级礼')}>
              <InputNumber min={0} precision={0} />
            </Form.Item>
          </Space>
        </>
      )}
    </HqRuleCard>
  );
}

function PointsGiftCard() {
  return (
    <HqRuleCard<PointsGiftRule, PointsGiftRule>
      title="积分转赠"
      path="/api/admin/points-gift-rule"
      schema={PointsGiftRuleSchema}
      testId="points-gift-rule"
      toForm={(rule) => rule}
      fromForm={(values: PointsGiftRule) => values}
    >
      {() => (
        <>
          <Form.Item label="允许会员之间转赠积分" name="enabled" valuePropName="checked">
            <Switch id="points-gift-enabled" />
          </Form.Item>
          <Form.Item label="单次最多转赠（积分）" name="perGiftMaxPoints" rules={required('单次上限')}>
            {pointsInput('points-gift-per', 1)}
          </Form.Item>
          <Form.Item label="每人每天最多转赠（积分）" name="dailyMaxPoints" rules={required('每日上限')}>
            {pointsInput('points-gift-daily', 1)}
          </Form.Item>
        </>
      )}
    </HqRuleCard>
  );
}

function StaffSaleCard() {
  return (
    <HqRuleCard<StaffSaleRule, { approval: number | null }>
      title="员工内购"
      path="/api/admin/staff-sale-rule"
      schema={StaffSaleRuleSchema}
      testId="staff-sale-rule"
      toForm={(rule) => ({ approval: toYuan(rule.approvalAboveFen) })}
      fromForm={(values) => ({ approvalAboveFen: toFen(values.approval) ?? 0 })}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">
            店员给自己的会员卡收银时，超过此金额需店长出示审批码；每笔员工自购都会标记在风险报表中。
          </Typography.Paragraph>
          <Form.Item label="需店长审批的金额（元）" name="approval" rules={required('审批金额')}>
            <InputNumber id="staff-sale-approval" min={0} precision={2} style={{ width: 200 }} />
          </Form.Item>
        </>
      )}
    </HqRuleCard>
  );
}

function MemberApprovalCard() {
  return (
    <HqRuleCard<MemberApprovalRule, { points: number; storedValue: number | null }>
      title="大额抵扣会员确认"
      path="/api/admin/member-approval-rule"
      schema={MemberApprovalRuleSchema}
      testId="member-approval-rule"
      toForm={(rule) => ({ points: rule.pointsAbove, storedValue: toYuan(rule.storedValueAboveFen) })}
      fromForm={(values) => ({ pointsAbove: values.points, storedValueAboveFen: toFen(values.storedValue) ?? 0 })}
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">
            收银时抵扣的积分或储值超过以下数额，需会员在手机上确认（或在收银台输入支付密码）；恰好等于该数额无需确认。
          </Typography.Paragraph>
          <Form.Item label="积分抵扣超过（积分）" name="points" rules={required('积分数额')}>
            {pointsInput('member-approval-points')}
          </Form.Item>
          <Form.Item label="储值抵扣超过（元）" name="storedValue" rules={required('储值金额')}>
            <InputNumber id="member-approval-stored-value" min={0} precision={2} style={{ width: 200 }} />
          </Form.Item>
        </>
      )}
    </HqRuleCard>
  );
}
