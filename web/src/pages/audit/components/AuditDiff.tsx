import { Col, Row, Table, Typography } from 'antd';
import type { AuditChange, AuditRecord } from '../../../api/types.js';
import { t } from '../../../locale/zh-CN.js';

/** Before / after of one change, field by field with Chinese names (stacked on a phone). */
export function AuditDiff({ record }: { record: AuditRecord }) {
  return (
    <Row gutter={[16, 8]}>
      <Col span={24}>
        {record.changes.length === 0 ? (
          <Typography.Text type="secondary">{t('audit.noFields')}</Typography.Text>
        ) : (
          <Table<AuditChange>
            size="small"
            rowKey="field"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={record.changes}
            rowClassName={(row) => (row.changed ? 'audit-changed' : '')}
            columns={[
              {
                title: t('audit.field'),
                dataIndex: 'label',
                render: (label: string, row) => <span title={row.field}>{label}</span>,
              },
              {
                title: t('audit.before'),
                dataIndex: 'before',
                render: (v: string | null) => <Cell value={v} />,
              },
              {
                title: t('audit.after'),
                dataIndex: 'after',
                render: (v: string | null, row) => <Cell value={v} strong={row.changed} />,
              },
            ]}
          />
        )}
      </Col>
      <Col span={24}>
        <Typography.Text type="secondary">
          {t('audit.hash')}：<Typography.Text code>{record.hash}</Typography.Text>
        </Typography.Text>
      </Col>
    </Row>
  );
}

function Cell({ value, strong }: { value: string | null; strong?: boolean }) {
  if (value === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Typography.Text strong={strong} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {value}
    </Typography.Text>
  );
}
