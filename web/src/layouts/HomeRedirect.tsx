import { Result } from 'antd';
import { Navigate } from 'react-router-dom';
import { useMe } from '../auth/session.js';
import { t } from '../locale/zh-CN.js';
import { visibleEntries } from '../menu.js';

/** "/" opens the first module the caller may use. */
export function HomeRedirect() {
  const me = useMe();
  const first = visibleEntries(me.data?.modules ?? [])[0];
  if (!first) return <Result status="info" title={t('common.noModules')} />;
  return <Navigate to={first.path} replace />;
}
