import { Col, Row, Typography } from 'antd';
import type { AuditRecord } from '../../../api/types.js';
import { t } from '../../../locale/zh-CN.js';

function Json({ value }: { value: unknown }) {
  return (
    <pre
      style={{
        margin: 0,
        padding: 8,
        background: '#fafafa',
        border: '1px solid #f0f0f0',
        maxHeight: 320,
        overflow: 'auto',
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
        fontSize: 12,
      }}
    >
      {value === null || value === undefined ? t('common.none') : JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** Before / after of one change, side by side (stacked on a phone). */
export function AuditDiff({ record }: { record: AuditRecord }) {
  return (
    <Row gutter={[16, 8]}>
      <Col xs={24} md={12}>
        <Typography.Text strong>{t('audit.before')}</Typography.Text>
        <Json value={record.before} />
      </Col>
      <Col xs={24} md={12}>
        <Typography.Text strong>{t('audit.after')}</Typography.Text>
        <Json value={record.after} />
      </Col>
      <Col span={24}>
        <Typography.Text type="secondary">
          {t('audit.hash')}：<Typography.Text code>{record.hash}</Typography.Text>
        </Typography.Text>
      </Col>
    </Row>
  );
}
