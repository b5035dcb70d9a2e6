import { useEffect, useState } from 'react';
import { Alert, Button, Card, Collapse, Form, Input, Space, Typography } from 'antd';
import { API, type DemoOperator } from '@puhui/shared';
import { ApiError, call } from '../api/client';
import { session } from '../lib/session';

/**
 * 登录: a named operator's username and password (`POST /admin/session`). The bootstrap `ADMIN_TOKEN`
 * can be entered below it to create the first operators; the server audits what it does as the
 * bootstrap operator.
 */
export function LoginPage() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ username: string; password: string }>();
  // Development with demo data only: the demo accounts, one per role (the server answers 404 otherwise).
  const [demo, setDemo] = useState<DemoOperator[]>([]);
  useEffect(() => {
    call(API.demoOperators)
      .then(setDemo)
      .catch(() => setDemo([]));
  }, []);

  const login = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await call(API.operatorLogin, { body: values });
      session.start({ token: answer.token, expiresAt: answer.expiresAt, operator: answer.operator });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '登录失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  const useToken = async ({ token }: { token: string }) => {
    setBusy(true);
    setError(null);
    try {
      // Checked by a harmless read before the console opens with it.
      await call(API.adminStats, { token });
      session.start({
        token,
        expiresAt: null,
        operator: {
          id: 'bootstrap',
          username: 'bootstrap',
          displayName: '引导管理员',
          role: 'ADMIN',
          disabled: false,
          lastLoginAt: null,
          createdAt: new Date().toISOString(),
        },
      });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : '令牌无法使用，请稍后重试');
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        display: 'flex',
        justifyContent: 'center',
        paddingTop: 120,
        minHeight: '100vh',
        background: '#f0f2f5',
      }}
    >
      <Card style={{ width: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          北京普惠健康保 · 运营后台
        </Typography.Title>
        {error && (
          <Alert
            type="error"
            message={error}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form form={form} layout="vertical" onFinish={login} disabled={busy}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        {demo.length > 0 && (
          <Alert
            type="info"
            style={{ marginTop: 16 }}
            data-testid="demo-operators"
            message="演示账号（仅开发环境）"
            description={
              <Space wrap>
                {demo.map((o) => (
                  <Button
                    key={o.username}
                    size="small"
                    onClick={() => form.setFieldsValue({ username: o.username, password: o.password })}
                  >
                    {o.displayName}（{o.role}）
                  </Button>
                ))}
              </Space>
            }
          />
        )}
        <Collapse
          ghost
          style={{ marginTop: 16 }}
          items={[
            {
              key: 'token',
              label: '使用引导令牌（ADMIN_TOKEN，仅用于创建首批操作员）',
              children: (
                <Form layout="inline" onFinish={useToken} disabled={busy}>
                  <Form.Item
                    name="token"
                    rules={[{ required: true, message: '请输入令牌' }]}
                    style={{ flex: 1 }}
                  >
                    <Input.Password placeholder="ADMIN_TOKEN" data-testid="admin-token" />
                  </Form.Item>
                  <Button htmlType="submit" data-testid="admin-token-submit">
                    进入
                  </Button>
                </Form>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
