// 阵地数据: posts per position and month/quarter/year (what counts depends on the kind; a kind not
// measured yet says so), and for the committee the per-unit summary (total, failing, stale).
import { ProCard } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Segmented, Select, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import {
  type FigurePeriod,
  figurePeriodLabels,
  figurePeriods,
  lecturesApi,
  type PositionFigures,
} from '../../../api/lectures.js';
import { useCan } from '../../../auth/session.js';
import { beijingYear, yearOptions } from '../../../components/ledger/time.js';
import { t } from '../../../locale/zh-CN.js';

type Row = PositionFigures['items'][number];

export function Figures() {
  const can = useCan();
  const [period, setPeriod] = useState<FigurePeriod>('quarter');
  const [year, setYear] = useState(beijingYear());
  const figures = useQuery({
    queryKey: ['position-figures', period, year],
    queryFn: () => lecturesApi.figures({ period, year }),
  });
  const showSummary = can('GET /position-summary');
  const summary = useQuery({
    queryKey: ['position-summary'],
    queryFn: () => lecturesApi.summary(),
    enabled: showSummary,
  });
  const buckets = figures.data?.buckets ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }} size={16}>
      {showSummary && (
        <ProCard title={t('figures.summary')} bordered headerBordered>
          <Table
            size="small"
            rowKey="unitId"
            loading={summary.isLoading}
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={summary.data?.items ?? []}
            columns={[
              { title: t('figures.unit'), dataIndex: 'unitName' },
              { title: t('figures.total'), dataIndex: 'total', align: 'right' },
              { title: t('figures.failing'), dataIndex: 'failing', align: 'right' },
              { title: t('figures.stale'), dataIndex: 'stale', align: 'right' },
            ]}
            summary={() =>
              summary.data ? (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>{t('figures.sum')}</Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    {summary.data.totals.total}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    {summary.data.totals.failing}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {summary.data.totals.stale}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
        </ProCard>
      )}
      <ProCard
        title={t('figures.title')}
        bordered
        headerBordered
        wrap
        extra={
          <Space wrap size={8}>
            <Segmented<FigurePeriod>
              value={period}
              onChange={setPeriod}
              options={figurePeriods.map((p) => ({ value: p, label: figurePeriodLabels[p] }))}
            />
            <Select
              value={year}
              onChange={setYear}
              options={yearOptions()}
              style={{ width: 110 }}
              aria-label={t('figures.year')}
            />
          </Space>
        }
      >
        <Table<Row>
          size="small"
          rowKey="positionId"
          loading={figures.isLoading}
          pagination={{ defaultPageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          dataSource={figures.data?.items ?? []}
          columns={[
            {
              title: t('figures.position'),
              dataIndex: 'name',
              fixed: 'left',
              render: (_d, r) => (
                <Space direction="vertical" size={0}>
                  <span>{r.name}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.unitName} · {r.kindLabel}
                  </Typography.Text>
                </Space>
              ),
            },
            ...buckets.map((b, i) => ({
              title: b.label,
              key: b.key,
              align: 'right' as const,
              render: (_d: unknown, r: Row) => (r.counts ? r.counts[i] : '—'),
            })),
            {
              title: t('figures.sum'),
              dataIndex: 'total',
              align: 'right',
              render: (_d, r) =>
                r.total === null ? (
                  <Tooltip title={t('figures.notMeasured')}>—</Tooltip>
                ) : (
                  <Tooltip title={r.measure}>{r.total}</Tooltip>
                ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('figures.help')}
        </Typography.Paragraph>
      </ProCard>
    </Space>
  );
}
