import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, api, session } from '../api/http';
import type { AdminRole } from '../app-context';

interface LoginAnswer {
  token: string;
  role?: AdminRole;
}

/** HQ sign-in: username and password; the token lives for this browser tab only. */
export function SignIn(props: { notice: string | null; onSignedIn(username: string, role?: AdminRole): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<LoginAnswer>('/api/admin/login', values);
      session.set(answer.token);
      props.onSignedIn(values.username, answer.role);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : '登录失败，请重试。');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          通卡 · 总部管理后台
        </Typography.Title>
        {props.notice && <Alert type="warning" showIcon message={props.notice} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input id="hq-username" autoComplete="username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password id="hq-password" autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
