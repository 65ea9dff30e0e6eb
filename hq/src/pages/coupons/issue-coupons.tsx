import type { AdminMemberList, CouponIssue, CouponIssueRequest, CouponTemplate } from '@tongka/shared-types';
import { Alert, App, Button, Descriptions, Form, Input, Modal, Progress, Radio, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { api, query } from '../../api/http';
import { messageOf } from '../../components/errors';
import { points, TIER_NAMES } from '../../format';

const POLL_MS = 1000;
type Tier = NonNullable<CouponIssueRequest['tier']>;

interface TargetValues {
  target: 'members' | 'tier' | 'all';
  members: string;
  tier: Tier;
}

/** Member ids from the operator's lines: an id as given, a phone looked up (unknown phones are named). */
async function resolveMembers(text: string): Promise<{ memberIds: string[]; unknown: string[] }> {
  // One entry a line (or comma separated); a phone may be written with spaces or dashes.
  const entries = text
    .split(/[\n,，;；]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  const memberIds: string[] = [];
  const unknown: string[] = [];
  for (const entry of [...new Set(entries)]) {
    const phone = entry.replace(/[\s-]/g, '');
    if (!/^(\+?86)?1\d{10}$/.test(phone)) {
      memberIds.push(entry);
      continue;
    }
    const found = await api.get<AdminMemberList>(`/api/admin/members${query({ phone, limit: 1 })}`);
    if (found.items[0]) memberIds.push(found.items[0].id);
    else unknown.push(entry);
  }
  return { memberIds: [...new Set(memberIds)], unknown };
}

/** Issues a template to a member list, a tier or everyone, then follows the batch job until it is done. */
export function IssueCoupons(props: { template: Pick<CouponTemplate, 'id' | 'name'>; onClose(): void }) {
  const { modal } = App.useApp();
  const [form] = Form.useForm<TargetValues>();
  const target = Form.useWatch('target', form);
  const [issue, setIssue] = useState<CouponIssue | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const running = issue?.status === 'running';
  // Each answer schedules the next read until the job says it is done.
  useEffect(() => {
    if (issue?.status !== 'running') return;
    const timer = setTimeout(() => {
      api
        .get<CouponIssue>(`/api/admin/coupon-issues/${issue.issueId}`)
        .then(setIssue)
        .catch((caught) => setError(messageOf(caught)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [issue]);

  const start = async (body: CouponIssueRequest) => {
    setBusy(true);
    try {
      setIssue(await api.post<CouponIssue>(`/api/admin/coupon-templates/${props.template.id}/issue`, body));
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    const values = await form.validateFields();
    setError(null);
    let body: CouponIssueRequest = { all: true };
    let who = '全部会员';
    if (values.target === 'tier') {
      body = { tier: values.tier };
      who = `全部${TIER_NAMES[values.tier]}会员`;
    } else if (values.target === 'members') {
      const resolved = await resolveMembers(values.members).catch((caught) => {
        setError(messageOf(caught));
        return null;
      });
      if (!resolved) return;
      if (resolved.unknown.length) {
        setError(`未找到这些手机号的会员：${resolved.unknown.join('、')}`);
        return;
      }
      body = { memberIds: resolved.memberIds };
      who = `${resolved.memberIds.length} 位会员`;
    }
    modal.confirm({
      title: '确认发放？',
      content: `向${who}发放「${props.template.name}」，每人 1 张，受库存和每人限领约束。发放开始后不能撤回。`,
      okText: '开始发放',
      cancelText: '取消',
      onOk: () => start(body),
    });
  };
  const percent = issue ? (issue.total > 0 ? Math.floor((issue.done * 100) / issue.total) : 100) : 0;
  return (
    <Modal
      open
      width={600}
      title={`批量发放 · ${props.template.name}`}
      onCancel={props.onClose}
      footer={
        issue ? (
          <Button onClick={props.onClose}>{running ? '后台继续，关闭' : '完成'}</Button>
        ) : (
          <Space>
            <Button onClick={props.onClose}>取消</Button>
            <Button type="primary" loading={busy} onClick={submit}>
              发放
            </Button>
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      {issue ? (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="issue-progress">
          <Progress percent={percent} status={running ? 'active' : issue.stoppedBy ? 'exception' : 'success'} />
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label="状态">
              <span data-testid="issue-status">{running ? '发放中…' : '发放完成'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="已处理会员">
              {points(issue.done)} / {points(issue.total)}
            </Descriptions.Item>
            <Descriptions.Item label="发出优惠券">
              <span data-testid="issue-issued">{points(issue.issued)}</span> 张
            </Descriptions.Item>
          </Descriptions>
          {issue.stoppedBy === 'STOCK' && <Alert type="warning" showIcon message="库存已发完，发放提前结束。" />}
        </Space>
      ) : (
        <Form<TargetValues> form={form} layout="vertical" initialValues={{ target: 'members', tier: 'silver' }}>
          <Form.Item label="发放对象" name="target">
            <Radio.Group>
              <Radio.Button value="members">指定会员</Radio.Button>
              <Radio.Button value="tier">按等级</Radio.Button>
              <Radio.Button value="all">全部会员</Radio.Button>
            </Radio.Group>
          </Form.Item>
          {target === 'members' && (
            <Form.Item
              label="会员号或手机号"
              name="members"
              extra="每行一个，也可用逗号分隔；最多 10,000 位"
              rules={[{ required: true, whitespace: true, message: '请填写会员' }]}
            >
              <Input.TextArea id="issue-members" rows={5} />
            </Form.Item>
          )}
          {target === 'tier' && (
            <Form.Item label="会员等级" name="tier">
              <Select
                style={{ width: 200 }}
                options={Object.entries(TIER_NAMES).map(([value, label]) => ({ value, label }))}
              />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}
