import { PageLoading, ProLayout } from '@ant-design/pro-components';
import { Grid } from 'antd';
import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useMe } from '../auth/session.js';
import { TotpModal } from '../components/TotpModal.js';
import { t } from '../locale/zh-CN.js';
import { layoutRoutes, selectedMenuKey, visibleEntries } from '../menu.js';
import { NotificationBell } from './NotificationBell.js';
import { UserMenu } from './UserMenu.js';

/** The frame of every signed-in page: module menu (a drawer on phones), user menu, content. */
export function BasicLayout() {
  const me = useMe();
  const location = useLocation();
  const [totpOpen, setTotpOpen] = useState(false);
  // Below 768 px ProLayout turns the menu into a drawer; the content then needs narrow margins.
  const narrow = !Grid.useBreakpoint().md;
  // Undefined until the first toggle or navigation: ProLayout then starts from its own default
  // (sider open on desktops, drawer closed on phones).
  const [collapsed, setCollapsed] = useState<boolean>();
  // On a phone the menu is a drawer: choosing a page closes it.
  const lastPath = useRef(location.pathname);
  useEffect(() => {
    if (lastPath.current === location.pathname) return;
    lastPath.current = location.pathname;
    if (narrow) setCollapsed(true);
  }, [location.pathname, narrow]);
  const user = me.data;
  if (!user) return <PageLoading />;
  const routes = layoutRoutes(
    visibleEntries(
      user.modules,
      user.roles.map((r) => r.role),
    ),
  );

  const selected = selectedMenuKey(location.pathname, routes);

  return (
    <>
      <ProLayout
        title={t('app.title')}
        logo={false}
        locale="zh-CN"
        layout="mix"
        fixSiderbar
        splitMenus={false}
        menu={{ locale: false }}
        token={{
          pageContainer: {
            paddingInlinePageContainerContent: narrow ? 8 : 40,
            paddingBlockPageContainerContent: narrow ? 12 : 32,
          },
        }}
        route={{ path: '/', children: routes }}
        location={{ pathname: location.pathname }}
        selectedKeys={selected ? [selected] : []}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
        actionsRender={() => [<NotificationBell key="notifications" />]}
        avatarProps={{
          title: user.displayName,
          size: 'small',
          render: (_props, dom) => <UserMenu onTotp={() => setTotpOpen(true)}>{dom}</UserMenu>,
        }}
        pageTitleRender={(_props, _default, info) =>
          info?.pageName ? `${info.pageName} - ${t('app.title')}` : t('app.title')
        }
        footerRender={() => (
          <div style={{ textAlign: 'center', color: '#999', padding: '16px 0' }}>
            {t('app.footer')}
          </div>
        )}
      >
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </ProLayout>
      <TotpModal open={totpOpen} onClose={() => setTotpOpen(false)} />
    </>
  );
}
