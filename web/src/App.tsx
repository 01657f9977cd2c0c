import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
// Not 'antd/locale/zh_CN': under Vite 8 that path silently resolves to English (ARCHITECTURE.md).
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { RequireAuth } from './auth/RequireAuth.js';
import { BasicLayout } from './layouts/BasicLayout.js';
import { MODULE_MENU } from './menu.js';
import { LoginPage } from './pages/login/index.js';
import { NotFoundPage } from './pages/NotFound.js';
import { PasswordPage } from './pages/password/index.js';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  defaultOptions: { queries: { refetchOnWindowFocus: false } },
});

const HomePage = lazy(() => import('./pages/home/index.js'));

const moduleRoutes = MODULE_MENU.flatMap((m) =>
  m.entries.map((entry) => ({ module: m.module, entry })),
);

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#c41d1d' } }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                path="/password"
                element={
                  <RequireAuth allowPasswordChange>
                    <PasswordPage />
                  </RequireAuth>
                }
              />
              <Route
                element={
                  <RequireAuth>
                    <BasicLayout />
                  </RequireAuth>
                }
              >
                <Route index element={<HomePage />} />
                {moduleRoutes.map(({ module, entry }) => (
                  <Route
                    key={entry.path}
                    path={entry.path}
                    element={
                      <RequireAuth module={module}>
                        <entry.page />
                      </RequireAuth>
                    }
                  />
                ))}
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
