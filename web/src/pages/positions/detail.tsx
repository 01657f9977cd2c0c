import {
  ModalForm,
  PageContainer,
  ProCard,
  ProFormDatePicker,
  ProFormSelect,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Empty,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import ReactECharts from 'echarts-for-react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client.js';
import { mediaKinds, physicalKinds } from '../../api/position-media.js';
import {
  type PositionCheck,
  type PositionEventKind,
  positionEventKinds,
  positionEventLabels,
  positionsApi,
  severityLabels,
} from '../../api/positions.js';
import { type Rectification, rectificationsApi } from '../../api/rectifications.js';
import { isoDay } from '../../components/ledger/time.js';
import { t } from '../../locale/zh-CN.js';
import { StatusTag } from '../rectifications/components/StatusTag.js';
import { CheckinPanel, FeedPanel } from './components/MediaPanels.js';
import { StateTag } from './components/tags.js';

const POLL_MS = 1_500;
const time = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';

/** MM-DD HH:mm in Beijing: several checks may fall on one day. */
const shortTime = (iso: string | null) =>
  iso
    ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(5, 16).replace('T', ' ')
    : '';

/** One position: its facts, lifecycle, website checks (with live progress) and 整改 tasks. */
export default function PositionDetailPage() {
  const id = Number(useParams().id);
  const { message } = App.useApp();
  const client = useQueryClient();
  const position = useQuery({ queryKey: ['positions', id], queryFn: () => positionsApi.get(id) });
  const isWebsite = position.data?.kind === 'website';
  const checks = useQuery({
    queryKey: ['positions', id, 'checks'],
    enabled: isWebsite,
    queryFn: () => positionsApi.checks(id),
  });
  const active = checks.data?.items.find((c) => c.status === 'queued' || c.status === 'running');
  // While a check is queued or running only its own row is polled (it carries the live progress);
  // the history, with every report's findings, is read again once it has finished.
  const live = useQuery({
    queryKey: ['position-checks', active?.id, 'live'],
    enabled: !!active,
    queryFn: async () => {
      const check = await positionsApi.check(active!.id);
      if (check.status === 'done' || check.status === 'failed')
        await client.invalidateQueries({ queryKey: ['positions', id] });
      return check;
    },
    refetchInterval: (query) =>
      query.state.data && ['done', 'failed'].includes(query.state.data.status) ? false : POLL_MS,
  });
  const latestDone = checks.data?.items.find((c) => c.status === 'done')?.id;
  const tasks = useQuery({
    queryKey: ['rectifications', 'position', id, latestDone],
    queryFn: () => rectificationsApi.list({ positionId: id, page: 1, pageSize: 200 }),
    // A finished check changes the key: keep showing the old list until the new one is read.
    placeholderData: keepPreviousData,
  });

  if (position.isError)
    return (
      <PageContainer title={t('menu.positions.detail')}>
        <Alert type="error" message={errorMessage(position.error)} />
      </PageContainer>
    );
  const p = position.data;
  const running =
    active && live.data?.id === active.id
      ? live.data.status === 'queued' || live.data.status === 'running'
        ? live.data
        : undefined
      : active;
  const startCheck = async () => {
    try {
      await positionsApi.startCheck(id);
      message.success(t('positions.check.queued'));
      await client.invalidateQueries({ queryKey: ['positions', id] });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <PageContainer
      title={p?.name ?? t('menu.positions.detail')}
      loading={position.isLoading}
      onBack={() => history.back()}
      extra={
        p?.allowed.includes('check') ? (
          <Button type="primary" data-testid="check-now" disabled={!!running} onClick={startCheck}>
            {t('positions.checkNow')}
          </Button>
        ) : null
      }
    >
      {p && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {p.warnings.map((w) => (
            <Alert key={w} type="warning" showIcon message={w} />
          ))}
          <ProCard bordered>
            <Descriptions column={{ xs: 1, sm: 2, md: 3 }} size="small">
              <Descriptions.Item label={t('ledger.unit')}>{p.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('positions.kind')}>{p.kindLabel}</Descriptions.Item>
              <Descriptions.Item label={t('positions.state')}>
                <StateTag position={p} />
              </Descriptions.Item>
              {p.url && (
                <Descriptions.Item label={t('positions.url')}>
                  <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
                    {p.url}
                  </Typography.Text>
                </Descriptions.Item>
              )}
              {p.platform && (
                <Descriptions.Item label={t('positions.platform')}>{p.platform}</Descriptions.Item>
              )}
              {p.accountId && (
                <Descriptions.Item label={t('positions.accountId')}>
                  {p.accountId}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('positions.cadenceDays')}>
                {p.cadenceDays}
              </Descriptions.Item>
            </Descriptions>
          </ProCard>
          {isWebsite && running && <ProgressCard check={running} />}
          {isWebsite && <ChecksCard checks={checks.data?.items ?? []} />}
          {mediaKinds.includes(p.kind) && (
            <FeedPanel positionId={id} canEdit={p.allowed.includes('edit')} />
          )}
          {physicalKinds.includes(p.kind) && (
            <CheckinPanel positionId={id} unitId={p.unitId} canEdit={p.allowed.includes('edit')} />
          )}
          <TasksCard tasks={tasks.data?.items ?? []} />
          <EventsCard
            events={p.events}
            canAdd={p.allowed.includes('event')}
            onAdd={async (input) => {
              await positionsApi.addEvent(id, input);
              message.success(t('positions.event.saved'));
              await client.invalidateQueries({ queryKey: ['positions', id] });
            }}
          />
        </Space>
      )}
    </PageContainer>
  );
}

function ProgressCard({ check }: { check: PositionCheck }) {
  const p = check.progress;
  return (
    <div data-testid="check-progress">
      <Alert
        type="info"
        showIcon
        message={
          check.status === 'queued' || p.pagesDone === undefined
            ? t('positions.check.waiting')
            : t('positions.check.progress', {
                pages: p.pagesDone ?? 0,
                queued: p.queued ?? 0,
                rate: p.rate ?? 0,
              })
        }
      />
    </div>
  );
}

function ChecksCard({ checks }: { checks: PositionCheck[] }) {
  const done = checks.filter((c) => c.status === 'done').reverse();
  return (
    <div data-testid="check-history">
      <ProCard title={t('positions.checks')} bordered>
        {checks.length === 0 ? (
          <Empty description={t('positions.checks.empty')} />
        ) : (
          <>
            {done.length > 1 && (
              <ReactECharts
                notMerge
                style={{ height: 220, width: '100%' }}
                option={{
                  title: {
                    text: t('positions.checks.trend'),
                    left: 0,
                    top: 0,
                    textStyle: { fontSize: 13 },
                  },
                  tooltip: { trigger: 'axis' },
                  legend: { top: 24, left: 0 },
                  grid: { left: 8, right: 8, top: 56, bottom: 8, containLabel: true },
                  xAxis: { type: 'category', data: done.map((c) => shortTime(c.finishedAt)) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: (['veto', 'deduct'] as const).map((s) => ({
                    type: 'line',
                    name: severityLabels[s],
                    data: done.map((c) => c.counts[s] ?? 0),
                  })),
                }}
              />
            )}
            <Table<PositionCheck>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={checks}
              columns={[
                {
                  title: t('positions.check.time'),
                  render: (_v, c) => time(c.finishedAt ?? c.startedAt ?? c.queuedAt),
                },
                {
                  title: t('positions.check.status'),
                  render: (_v, c) => (
                    <Space size={4}>
                      <Tag
                        color={
                          c.status === 'done'
                            ? 'success'
                            : c.status === 'failed'
                              ? 'error'
                              : 'processing'
                        }
                      >
                        {c.statusLabel}
                      </Tag>
                      <Typography.Text type="secondary">
                        {t(`positions.check.trigger.${c.trigger}`)}
                      </Typography.Text>
                    </Space>
                  ),
                },
                { title: t('positions.check.pages'), dataIndex: 'pages' },
                { title: severityLabels.veto, render: (_v, c) => c.counts.veto ?? '—' },
                { title: severityLabels.deduct, render: (_v, c) => c.counts.deduct ?? '—' },
                { title: t('positions.check.score'), render: (_v, c) => c.score ?? '—' },
                {
                  title: t('common.actions'),
                  render: (_v, c) =>
                    c.status === 'done' ? (
                      <Link to={`/positions/checks/${c.id}`}>{t('positions.check.report')}</Link>
                    ) : c.status === 'failed' ? (
                      <Typography.Text type="danger">
                        {t('positions.check.failed', { error: c.error })}
                      </Typography.Text>
                    ) : null,
                },
              ]}
            />
          </>
        )}
      </ProCard>
    </div>
  );
}

function TasksCard({ tasks }: { tasks: Rectification[] }) {
  return (
    <div data-testid="position-tasks">
      <ProCard title={t('positions.rectifications')} bordered>
        {tasks.length === 0 ? (
          <Empty description={t('positions.rectifications.empty')} />
        ) : (
          <Table<Rectification>
            rowKey="id"
            size="small"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            dataSource={tasks}
            columns={[
              {
                title: t('positions.rect.title'),
                render: (_v, r) => (
                  <Link to={`/rectifications?id=${r.id}`} style={{ wordBreak: 'break-all' }}>
                    {r.title}
                  </Link>
                ),
              },
              { title: t('positions.report.code'), dataIndex: 'codeLabel' },
              { title: t('positions.check.status'), render: (_v, r) => <StatusTag record={r} /> },
              { title: t('positions.rect.due'), render: (_v, r) => time(r.dueAt) },
            ]}
          />
        )}
      </ProCard>
    </div>
  );
}

function EventsCard({
  events,
  canAdd,
  onAdd,
}: {
  events: { id: number; kind: PositionEventKind; kindLabel: string; date: string; note: string }[];
  canAdd: boolean;
  onAdd: (input: { kind: PositionEventKind; date: string; note?: string }) => Promise<void>;
}) {
  const { message } = App.useApp();
  return (
    <ProCard
      title={t('positions.events')}
      bordered
      extra={
        canAdd ? (
          <ModalForm<{ kind: PositionEventKind; date: Dayjs | string; note?: string }>
            title={t('positions.event.add')}
            trigger={<Button size="small">{t('positions.event.add')}</Button>}
            modalProps={{ destroyOnHidden: true }}
            width={420}
            onFinish={async (values) => {
              try {
                await onAdd({ kind: values.kind, date: isoDay(values.date), note: values.note });
                return true;
              } catch (error) {
                message.error(errorMessage(error));
                return false;
              }
            }}
          >
            <ProFormSelect
              name="kind"
              label={t('positions.event.kind')}
              options={positionEventKinds.map((k) => ({ value: k, label: positionEventLabels[k] }))}
              rules={[{ required: true }]}
            />
            <ProFormDatePicker
              name="date"
              label={t('positions.event.date')}
              rules={[{ required: true }]}
            />
            <ProFormTextArea
              name="note"
              label={t('positions.event.note')}
              fieldProps={{ rows: 2 }}
            />
          </ModalForm>
        ) : null
      }
    >
      <Timeline
        items={events.map((e) => ({
          children: (
            <span>
              {e.date} {e.kindLabel}
              {e.note ? `：${e.note}` : ''}
            </span>
          ),
        }))}
      />
    </ProCard>
  );
}
