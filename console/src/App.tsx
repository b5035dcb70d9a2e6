import { Suspense, useEffect, useState } from 'react';
import { Button, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import { LoginPage } from './pages/Login';
import { PAGES, mayOpen } from './page-list';
import { useSession } from './lib/use-session';
import { session } from './lib/session';
import { call } from './api/client';
import { API } from '@puhui/shared';

const ROLE_NAMES: Record<string, string> = {
  ADMIN: '系统管理员',
  OPERATIONS: '运营',
  REGISTRY: '参保登记',
  COUNTER: '窗口经办',
  AUDITOR: '审计',
};

function useHashPage(): [string, (key: string) => void] {
  const read = () => window.location.hash.replace(/^#\/?/, '') || 'overview';
  const [key, setKey] = useState(read);
  useEffect(() => {
    const onHash = () => setKey(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return [key, (next) => (window.location.hash = `/${next}`)];
}

export function App() {
  const current = useSession();
  const [key, go] = useHashPage();
  if (!current) return <LoginPage />;
  const role = current.operator.role;
  const visible = PAGES.filter((p) => mayOpen(p, role));
  const page = PAGES.find((p) => p.key === key) ?? visible[0];
  const logout = async () => {
    // The bootstrap token has no session to end; a named operator's session is ended on the server.
    if (current.operator.id !== 'bootstrap') await call(API.operatorLogout).catch(() => undefined);
    session.end();
  };
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={200} theme="light">
        <div style={{ padding: 16, fontWeight: 600 }}>普惠健康保 · 运营后台</div>
        <Menu
          mode="inline"
          selectedKeys={page ? [page.key] : []}
          items={visible.map((p) => ({ key: p.key, label: p.title }))}
          onClick={(e) => go(e.key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end' }}>
          <Space>
            <Typography.Text data-testid="operator-name">{current.operator.displayName}</Typography.Text>
            <Tag color="blue">{ROLE_NAMES[role] ?? role}</Tag>
            <Button onClick={logout}>退出登录</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 16 }}>
          {page && mayOpen(page, role) ? (
            <>
              <Typography.Title level={3}>{page.title}</Typography.Title>
              <Suspense fallback={<Spin />}>
                <page.component />
              </Suspense>
            </>
          ) : (
            <Result
              status="403"
              title="无权访问"
              subTitle={`您的角色（${ROLE_NAMES[role] ?? role}）不能使用此页面，如需办理请联系系统管理员分配角色`}
              data-testid="forbidden"
            />
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
