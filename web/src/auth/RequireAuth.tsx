import { Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError } from '../api/client.js';
import { t } from '../locale/zh-CN.js';
import { NotFoundPage } from '../pages/NotFound.js';
import { useMe } from './session.js';

interface Props {
  children: ReactNode;
  /** The password page itself must stay reachable while a change is forced. */
  allowPasswordChange?: boolean;
  /** The module this page belongs to; hidden modules answer "not found". */
  module?: string;
}

export function FullPageSpin() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 96 }}>
      <Spin tip={t('app.loading')} size="large">
        <div style={{ width: 160, height: 60 }} />
      </Spin>
    </div>
  );
}

/** Renders its children only for a signed-in user who may open them. */
export function RequireAuth({ children, allowPasswordChange, module }: Props) {
  const me = useMe();
  const location = useLocation();

  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    // The client has already sent the browser to /login on 401; anything else is shown.
    if (me.error instanceof ApiError && me.error.status === 401) {
      const from = encodeURIComponent(`${location.pathname}${location.search}`);
      return <Navigate to={`/login?from=${from}`} replace />;
    }
    return <Result status="error" title={t('common.unknownError')} subTitle={me.error.message} />;
  }
  if (me.data.mustChangePassword && !allowPasswordChange) {
    return <Navigate to="/password" replace />;
  }
  if (module && !me.data.modules.includes(module)) return <NotFoundPage />;
  return <>{children}</>;
}
