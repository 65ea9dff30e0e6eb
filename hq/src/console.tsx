import { LogoutOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import { Suspense, useCallback, useEffect, useState } from 'react';
import { api, session } from './api/http';
import { type AdminRole, AppContext, type AppState, type Features } from './app-context';
import { chainToday, setChainTimeZone } from './format';
import { SignIn } from './pages/sign-in';
import { BASE, currentPath, pages } from './routes';

const ROLE_KEY = 'tongka.hq.role';
const USER_KEY = 'tongka.hq.username';

/** Which optional APIs this server answers (a route that 404s keeps its page hidden). */
async function probeFeatures(): Promise<Features> {
  const day = chainToday();
  const [reports, riskAlerts, approvals, jobsList] = await Promise.all([
    api.exists(`/api/admin/reports/summary?from=${day}&to=${day}`),
    api.exists('/api/admin/risk-alerts?limit=1'),
    api.exists('/api/admin/approvals?limit=1'),
    api.exists('/api/admin/jobs'),
  ]);
  return { reports, riskAlerts, approvals, jobsList };
}

/** The role from GET /api/admin/me when the server has roles; until then every admin is 'admin'. */
async function fetchRole(fallback: AdminRole): Promise<AdminRole> {
  try {
    const me = await api.get<{ role?: string; chainTimeZone?: string }>('/api/admin/me');
    if (me.chainTimeZone) setChainTimeZone(me.chainTimeZone);
    return me.role === 'finance' ? 'finance' : 'admin';
  } catch {
    return fallback;
  }
}

/** For a read-only role: pages with nothing to read, or whose read the server refuses to it. */
async function pagesNotReadable(): Promise<Set<string>> {
  const checks = await Promise.all(
    pages.map(async (page) => page.writeOnly || (page.probe !== undefined && !(await api.readable(page.probe)))),
  );
  return new Set(pages.filter((_, index) => checks[index]).map((page) => page.path));
}

export function Console() {
  const { message } = AntApp.useApp();
  const [path, setPath] = useState(currentPath);
  const [signedIn, setSignedIn] = useState(() => Boolean(session.token()));
  const [role, setRole] = useState<AdminRole>(() => (sessionStorage.getItem(ROLE_KEY) as AdminRole) || 'admin');
  const [features, setFeatures] = useState<Features | null>(null);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);

  const navigate = useCallback((to: string) => {
    window.history.pushState(null, '', `${BASE}${to === '/' ? '/' : to}`);
    setPath(currentPath());
  }, []);

  const signOut = useCallback((why?: string) => {
    session.clear();
    sessionStorage.removeItem(ROLE_KEY);
    setSignedIn(false);
    setFeatures(null);
    setNotice(why ?? null);
  }, []);

  useEffect(() => {
    const onPop = () => setPath(currentPath());
    window.addEventListener('popstate', onPop);
    session.onExpired(() => signOut('登录已过期，请重新登录。'));
    return () => window.removeEventListener('popstate', onPop);
  }, [signOut]);

  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    Promise.all([probeFeatures(), fetchRole(role)]).then(async ([found, serverRole]) => {
      const unreadable = serverRole === 'finance' ? await pagesNotReadable() : new Set<string>();
      if (!live || !session.token()) return;
      sessionStorage.setItem(ROLE_KEY, serverRole);
      setRole(serverRole);
      setHidden(unreadable);
      setFeatures(found);
    });
    return () => {
      live = false;
    };
  }, [signedIn, role]);

  if (!signedIn) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(username, loginRole) => {
          sessionStorage.setItem(USER_KEY, username);
          sessionStorage.setItem(ROLE_KEY, loginRole ?? 'admin');
          setRole(loginRole ?? 'admin');
          setNotice(null);
          setSignedIn(true);
          message.success('登录成功');
        }}
      />
    );
  }
  if (!features) return <Spin fullscreen tip="加载中…" />;

  const visible = pages.filter((page) => (!page.feature || features[page.feature]) && !hidden.has(page.path));
  const active = visible.find((page) => page.path === path);
  const state: AppState = {
    username: sessionStorage.getItem(USER_KEY) ?? '',
    role,
    canWrite: role !== 'finance',
    features,
    navigate,
    signOut,
  };
  const Page = active?.component;
  return (
    <AppContext.Provider value={state}>
      <Layout style={{ minHeight: '100vh', minWidth: 1200 }}>
        <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0', minHeight: '100vh' }}>
          <div style={{ padding: '16px 24px', fontWeight: 600, fontSize: 16 }}>通卡 · 总部</div>
          <Menu
            mode="inline"
            selectedKeys={[active?.path ?? '']}
            items={visible.map((page) => ({ key: page.path, label: page.title }))}
            onClick={({ key }) => navigate(key)}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header
            style={{ background: '#fff', display: 'flex', justifyContent: 'space-between', padding: '0 24px' }}
          >
            <Typography.Title level={4} style={{ margin: '16px 0' }}>
              {active?.title ?? '页面不存在'}
            </Typography.Title>
            <Space>
              <span>{state.username}</span>
              <Tag color={role === 'finance' ? 'gold' : 'red'}>{role === 'finance' ? '财务（只读）' : '管理员'}</Tag>
              <Button icon={<LogoutOutlined />} onClick={() => signOut()}>
                退出登录
              </Button>
            </Space>
          </Layout.Header>
          <Layout.Content style={{ margin: 24 }}>
            {Page ? (
              <Suspense fallback={<Spin />}>
                <Page key={path} />
              </Suspense>
            ) : (
              <Result status="404" title="页面不存在" extra={<Button onClick={() => navigate('/')}>返回概览</Button>} />
            )}
          </Layout.Content>
        </Layout>
      </Layout>
    </AppContext.Provider>
  );
}
