import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { t } from '../locale/zh-CN.js';

/** Login and forced password change: one narrow column that fits a 360 px phone. */
export function CenteredPage({ children }: { children: ReactNode }) {
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        padding: '48px 16px',
        background: '#f5f5f5',
      }}
    >
      <div style={{ width: '100%', maxWidth: 400, textAlign: 'center' }}>
        <Typography.Title level={2} style={{ color: '#c41d1d', marginBottom: 4 }}>
          {t('app.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        <div style={{ textAlign: 'left' }}>{children}</div>
      </div>
    </div>
  );
}
