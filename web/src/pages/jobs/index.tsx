import {
  type ActionType,
  PageContainer,
  type ProColumns,
  ProTable,
  type ProTableProps,
} from '@ant-design/pro-components';
import { App, Button, Popconfirm, Progress, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef } from 'react';
import { errorMessage } from '../../api/client.js';
import { type JobRecord, type JobState, jobStates, jobsApi } from '../../api/jobs.js';
import { useTableErrors } from '../../components/useTableErrors.js';
import { type MessageId, t } from '../../locale/zh-CN.js';

interface JobSearch {
  state?: JobState;
}

/** The typed request ProTable calls: its search form and pager → GET /jobs. */
export const fetchJobPage: ProTableProps<JobRecord, JobSearch>['request'] = async (params) => {
  const page = await jobsApi.list({
    state: params.state,
    page: params.current ?? 1,
    pageSize: params.pageSize ?? 20,
  });
  return { data: page.items, total: page.total, success: true };
};

const STATE: Record<JobState, { label: MessageId; color: string }> = {
  queued: { label: 'jobs.state.queued', color: 'default' },
  running: { label: 'jobs.state.running', color: 'processing' },
  failed: { label: 'jobs.state.failed', color: 'error' },
  done: { label: 'jobs.state.done', color: 'success' },
  cancelled: { label: 'jobs.state.cancelled', color: 'warning' },
};

const time = (value: string | null) => (value ? dayjs(value).format('YYYY-MM-DD HH:mm:ss') : '—');

function ProgressCell({ job }: { job: JobRecord }) {
  const p = job.progress;
  if (!p) return <>—</>;
  const percent = p.total ? Math.min(100, Math.round((p.done / p.total) * 100)) : undefined;
  return (
    <Space direction="vertical" size={0} style={{ minWidth: 160 }}>
      {percent !== undefined ? (
        <Progress
          percent={percent}
          size="small"
          status={job.state === 'failed' ? 'exception' : undefined}
        />
      ) : (
        <span>{p.done}</span>
      )}
      {p.note ? <Typography.Text type="secondary">{p.note}</Typography.Text> : null}
    </Space>
  );
}

function RowActions({ job, reload }: { job: JobRecord; reload: () => void }) {
  const { message } = App.useApp();
  const run = async (action: () => Promise<unknown>, done: MessageId) => {
    try {
      await action();
      message.success(t(done));
      reload();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Space>
      {job.state === 'failed' || job.state === 'cancelled' ? (
        <Button
          type="link"
          size="small"
          onClick={() => run(() => jobsApi.retry(job.id), 'jobs.retried')}
        >
          {t('jobs.retry')}
        </Button>
      ) : null}
      {job.state === 'queued' || job.state === 'running' ? (
        <Popconfirm
          title={t('jobs.cancel.confirm')}
          onConfirm={() => run(() => jobsApi.cancel(job.id), 'jobs.cancelled')}
        >
          <Button type="link" size="small" danger>
            {t('jobs.cancel')}
          </Button>
        </Popconfirm>
      ) : null}
    </Space>
  );
}

export default function JobsPage() {
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>();
  const reload = () => actionRef.current?.reload();
  const columns: ProColumns<JobRecord>[] = [
    {
      title: t('jobs.state'),
      dataIndex: 'state',
      valueType: 'select',
      valueEnum: Object.fromEntries(jobStates.map((s) => [s, { text: t(STATE[s].label) }])),
      render: (_dom, job) => <Tag color={STATE[job.state].color}>{t(STATE[job.state].label)}</Tag>,
    },
    {
      title: t('jobs.kind'),
      dataIndex: 'label',
      search: false,
      render: (_dom, job) => <span title={job.name}>{job.label}</span>,
    },
    {
      title: t('jobs.progress'),
      dataIndex: 'progress',
      search: false,
      render: (_d, job) => <ProgressCell job={job} />,
    },
    {
      title: t('jobs.attempt'),
      dataIndex: 'attempt',
      search: false,
      render: (_dom, job) => `${job.attempt + 1} / ${job.retryLimit + 1}`,
    },
    {
      title: t('jobs.createdAt'),
      dataIndex: 'createdAt',
      search: false,
      render: (_d, job) => time(job.createdAt),
    },
    {
      title: t('jobs.startedAt'),
      dataIndex: 'startedAt',
      search: false,
      render: (_d, job) => time(job.startedAt),
    },
    {
      title: t('jobs.completedAt'),
      dataIndex: 'completedAt',
      search: false,
      render: (_d, job) => time(job.completedAt),
    },
    {
      title: t('jobs.error'),
      dataIndex: 'error',
      search: false,
      render: (_dom, job) =>
        job.error ? <Typography.Text type="danger">{job.error}</Typography.Text> : '—',
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      fixed: 'right',
      render: (_dom, job) => <RowActions job={job} reload={reload} />,
    },
  ];
  return (
    <PageContainer title={t('menu.jobs')}>
      <ProTable<JobRecord, JobSearch>
        rowKey="id"
        actionRef={actionRef}
        headerTitle={t('jobs.list')}
        columns={columns}
        onRequestError={onRequestError}
        request={fetchJobPage}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 'max-content' }}
        options={{ density: false, setting: false, reload: true }}
        // Running jobs move: the list refreshes itself every 5 s while the page is open.
        polling={5_000}
      />
    </PageContainer>
  );
}
