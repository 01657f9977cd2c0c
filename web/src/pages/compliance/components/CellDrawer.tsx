import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Grid, Spin, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../api/client.js';
import {
  type CellDetail,
  complianceApi,
  type LedgerRecord,
  type RequirementGroup,
  type RequirementResult,
} from '../../../api/compliance.js';
import { beijingWall } from '../../../components/ledger/time.js';
import { t } from '../../../locale/zh-CN.js';
import { groupLabel, ledgerLink, periodLabel, recordTypeLabel, StatusTag } from './status.js';

export interface CellRef {
  unitId: number;
  unitName: string;
  group: RequirementGroup;
}

/** Drill-down of one heat-map cell: the requirement results and the ledger records behind it. */
export function CellDrawer({
  cell,
  year,
  onClose,
}: {
  cell?: CellRef;
  year: number;
  onClose: () => void;
}) {
  const narrow = !Grid.useBreakpoint().md;
  const detail = useQuery({
    queryKey: ['compliance', 'cell', year, cell?.unitId, cell?.group],
    enabled: !!cell,
    queryFn: () => complianceApi.cell({ year, unitId: cell!.unitId, group: cell!.group }),
  });
  return (
    <Drawer
      open={!!cell}
      onClose={onClose}
      // Wide enough for the requirement table on a laptop; the whole screen on a phone.
      width={narrow ? '100%' : Math.min(1080, window.innerWidth - 80)}
      title={cell ? `${cell.unitName} · ${groupLabel(cell.group)} · ${year} 年` : ''}
      destroyOnHidden
    >
      {detail.isPending && <Spin />}
      {detail.isError && <Alert type="error" message={errorMessage(detail.error)} />}
      {detail.data && <CellBody detail={detail.data} />}
    </Drawer>
  );
}

function CellBody({ detail }: { detail: CellDetail }) {
  return (
    <div data-testid="cell-detail" data-status={detail.status}>
      <Descriptions size="small" column={{ xs: 1, sm: 3 }} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('compliance.status')}>
          <StatusTag status={detail.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('compliance.share')}>
          {detail.share === null ? t('common.none') : `${detail.share}%`}
        </Descriptions.Item>
        <Descriptions.Item label={t('compliance.summary.met')}>{detail.met}</Descriptions.Item>
        <Descriptions.Item label={t('compliance.summary.dueSoon')}>
          {detail.dueSoon}
        </Descriptions.Item>
        <Descriptions.Item label={t('compliance.summary.overdue')}>
          {detail.overdue}
        </Descriptions.Item>
        <Descriptions.Item label={t('compliance.status.not-yet-due')}>
          {detail.notYetDue}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('compliance.share.definition')}
      </Typography.Paragraph>
      <Typography.Title level={5}>{t('compliance.requirements')}</Typography.Title>
      <div data-testid="cell-requirements">
        <RequirementTable rows={detail.requirements} showUnit />
      </div>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('compliance.records')}（{t('compliance.records.total', { n: detail.records.total })}）
      </Typography.Title>
      <RecordTable rows={detail.records.items} />
    </div>
  );
}

export function RequirementTable({
  rows,
  showUnit,
  pageSize = 10,
}: {
  rows: RequirementResult[];
  showUnit?: boolean;
  pageSize?: number;
}) {
  return (
    <Table<RequirementResult>
      size="small"
      rowKey={(r) => `${r.unitId}-${r.requirementId}-${r.period}`}
      dataSource={rows}
      pagination={{ pageSize, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('compliance.requirement'), dataIndex: 'requirementName' },
        ...(showUnit ? [{ title: t('compliance.record.unit'), dataIndex: 'unitName' }] : []),
        {
          title: t('compliance.period'),
          dataIndex: 'period',
          render: (p: string) => periodLabel(p),
        },
        { title: t('compliance.dueDate'), dataIndex: 'dueDate' },
        {
          title: t('compliance.count'),
          key: 'count',
          render: (_v, r) => `${r.count} / ${r.required}`,
        },
        {
          title: t('compliance.status'),
          dataIndex: 'status',
          fixed: 'right',
          render: (_v, r) => <StatusTag status={r.status} />,
        },
      ]}
    />
  );
}

export function RecordTable({ rows }: { rows: LedgerRecord[] }) {
  return (
    <Table<LedgerRecord>
      size="small"
      rowKey={(r) => `${r.ledger}-${r.recordId}`}
      dataSource={rows}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          title: t('compliance.record.date'),
          dataIndex: 'occurredAt',
          render: (_v, r) =>
            r.ledger === 'agenda-meetings' || r.ledger === 'study-sessions'
              ? beijingWall(r.occurredAt)
              : r.occurredOn,
        },
        {
          title: t('compliance.record.type'),
          dataIndex: 'type',
          render: (_v, r) => {
            const link = ledgerLink(r);
            const label = recordTypeLabel(r.type);
            return link ? (
              <Link to={link} data-testid="ledger-link">
                {label}
              </Link>
            ) : (
              label
            );
          },
        },
        { title: t('compliance.record.unit'), dataIndex: 'unitName' },
      ]}
    />
  );
}
