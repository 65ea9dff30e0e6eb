import type { AdminMemberDetail } from '@tongka/shared-types';
import { Alert, App, Button, Card, Input, Space, Switch } from 'antd';
import { useState } from 'react';
import { api } from '../../api/http';
import { messageOf } from '../../components/errors';

/** Blocks a member from earning or spending, with a reason. */
export function StatusCard(props: { member: AdminMemberDetail; onDone(): void }) {
  const { message, modal } = App.useApp();
  const [earnBlocked, setEarnBlocked] = useState(props.member.earnBlocked);
  const [spendBlocked, setSpendBlocked] = useState(props.member.spendBlocked);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (!reason.trim()) {
      setError('请填写原因。');
      return;
    }
    modal.confirm({
      title: '确认修改会员状态？',
      content: `得积分：${earnBlocked ? '禁止' : '允许'}；消费：${spendBlocked ? '禁止' : '允许'}`,
      okText: '确认',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.put(`/api/admin/members/${props.member.id}/status`, { earnBlocked, spendBlocked, reason });
          message.success('状态已更新');
          setError(null);
          props.onDone();
        } catch (caught) {
          setError(messageOf(caught));
        }
      },
    });
  };
  return (
    <Card size="small" title="会员状态" style={{ width: 400 }}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} />}
      <Space direction="vertical">
        <Space>
          <Switch checked={earnBlocked} onChange={setEarnBlocked} /> 禁止得积分
        </Space>
        <Space>
          <Switch checked={spendBlocked} onChange={setSpendBlocked} /> 禁止消费（积分与储值）
        </Space>
        <Input
          placeholder="原因（必填）"
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          maxLength={200}
        />
        <Button onClick={submit}>保存状态</Button>
      </Space>
    </Card>
  );
}
