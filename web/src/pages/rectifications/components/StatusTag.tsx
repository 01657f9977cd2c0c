import { Space, Tag } from 'antd';
import type { Rectification, RectificationStatus } from '../../../api/rectifications.js';
import { t } from '../../../locale/zh-CN.js';

const STATUS_COLOR: Record<RectificationStatus, string> = {
  open: 'warning',
  done: 'processing',
  closed: 'success',
};

/** The status as the server names it, plus 已超期 / 重开 n 次 when they apply. */
export function StatusTag({ record }: { record: Rectification }) {
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLOR[record.status]}>{record.statusLabel}</Tag>
      {record.overdue ? <Tag color="error">{t('rect.overdue')}</Tag> : null}
      {record.reopenCount ? (
        <Tag color="default">{t('rect.reopened', { n: record.reopenCount })}</Tag>
      ) : null}
    </Space>
  );
}
