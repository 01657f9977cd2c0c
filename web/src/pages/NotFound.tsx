import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { t } from '../locale/zh-CN.js';

export function NotFoundPage() {
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('common.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.backHome')}</Button>
        </Link>
      }
    />
  );
}
