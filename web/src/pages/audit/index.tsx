import {
  PageContainer,
  type ProColumns,
  ProTable,
  type ProTableProps,
} from '@ant-design/pro-components';
import { Tag } from 'antd';
import dayjs from 'dayjs';
import { auditApi } from '../../api/audit.js';
import type { AuditOutcome, AuditRecord } from '../../api/types.js';
import { useTableErrors } from '../../components/useTableErrors.js';
import { type MessageId, t } from '../../locale/zh-CN.js';
import { AuditDiff } from './components/AuditDiff.js';

interface AuditSearch {
  q?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
}

/** The typed request ProTable calls: its search form and pager → GET /audit. */
export const fetchAuditPage: ProTableProps<AuditRecord, AuditSearch>['request'] = async (
  params,
) => {
  const page = await auditApi.list({
    q: params.q?.trim() || undefined,
    actor: params.actor?.trim() || undefined,
    action: params.action?.trim() || undefined,
    from: params.from,
    to: params.to,
    page: params.current ?? 1,
    pageSize: params.pageSize ?? 20,
  });
  return { data: page.items, total: page.total, success: true };
};

const OUTCOME: Record<AuditOutcome, { label: MessageId; color: string }> = {
  success: { label: 'audit.outcome.success', color: 'success' },
  failure: { label: 'audit.outcome.failure', color: 'error' },
  denied: { label: 'audit.outcome.denied', color: 'warning' },
};

const columns: ProColumns<AuditRecord>[] = [
  {
    title: t('common.keyword'),
    dataIndex: 'q',
    hideInTable: true,
  },
  {
    title: t('audit.range'),
    dataIndex: 'range',
    valueType: 'dateRange',
    hideInTable: true,
    search: {
      // Calendar days (YYYY-MM-DD); the server reads them as whole days in Asia/Shanghai.
      transform: (value: [string, string]) => ({
        from: dayjs(value[0]).format('YYYY-MM-DD'),
        to: dayjs(value[1]).format('YYYY-MM-DD'),
      }),
    },
  },
  {
    title: t('audit.at'),
    dataIndex: 'at',
    search: false,
    fixed: 'left',
    render: (_dom, record) => dayjs(record.at).format('YYYY-MM-DD HH:mm:ss'),
  },
  {
    title: t('audit.actor'),
    dataIndex: 'actor',
    render: (_dom, record) => record.actorName ?? t('common.none'),
  },
  {
    title: t('audit.action'),
    dataIndex: 'action',
    // The server names every action from the modules' manifests; the code stays in the tooltip.
    render: (_dom, record) => <span title={record.action}>{record.actionLabel}</span>,
  },
  {
    title: t('audit.entity'),
    dataIndex: 'entity',
    search: false,
    render: (_dom, record) => <span title={record.entity}>{record.entityLabel}</span>,
  },
  { title: t('audit.entityId'), dataIndex: 'entityId', search: false },
  {
    title: t('audit.outcome'),
    dataIndex: 'outcome',
    search: false,
    render: (_dom, record) => {
      const outcome = OUTCOME[record.outcome];
      return outcome ? <Tag color={outcome.color}>{t(outcome.label)}</Tag> : record.outcome;
    },
  },
  { title: t('audit.ip'), dataIndex: 'ip', search: false },
];

export default function AuditPage() {
  const onRequestError = useTableErrors();
  return (
    <PageContainer title={t('menu.audit')}>
      <ProTable<AuditRecord, AuditSearch>
        rowKey="id"
        headerTitle={t('audit.list')}
        columns={columns}
        onRequestError={onRequestError}
        request={fetchAuditPage}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 'max-content' }}
        options={{ density: false, setting: false }}
        expandable={{ expandedRowRender: (record) => <AuditDiff record={record} /> }}
      />
    </PageContainer>
  );
}
