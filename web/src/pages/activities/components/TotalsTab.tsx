import { ProCard } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Segmented, Select, Space, Spin, Table, TreeSelect, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import {
  type ActivityType,
  activitiesApi,
  TOTALS_GROUPINGS,
  type TotalsGrouping,
  type TotalsRow,
} from '../../../api/activities.js';
import { errorMessage } from '../../../api/client.js';
import { axisTooltip } from '../../../components/chartText.js';
import { beijingYear, yearOptions } from '../../../components/ledger/time.js';
import type { useLedgerScope } from '../../../components/ledger/useLedgerScope.js';
import { t } from '../../../locale/zh-CN.js';
import { activityTypeOptions } from './RecordsTab.js';

const number = (n: number) => n.toLocaleString('zh-CN');

/** Sessions, participants and beneficiaries summed by unit, type, month or brand: a query. */
export function TotalsTab({ scope }: { scope: ReturnType<typeof useLedgerScope> }) {
  const [groupBy, setGroupBy] = useState<TotalsGrouping>('unit');
  const [year, setYear] = useState<number | undefined>(beijingYear());
  const [unitId, setUnitId] = useState<number>();
  const [type, setType] = useState<ActivityType>();
  const totals = useQuery({
    queryKey: ['activities', 'totals', groupBy, year, unitId, type],
    queryFn: () => activitiesApi.totals({ groupBy, year, unitId, type }),
  });
  const data = totals.data;
  const rows = data?.items ?? [];
  // Units by sessions, largest first, so the chart shows who does most; months in order.
  const chartRows =
    groupBy === 'month' ? rows : [...rows].sort((a, b) => b.sessions - a.sessions).slice(0, 30);

  return (
    <ProCard direction="column" gutter={[0, 16]} ghost>
      <Space wrap>
        <Segmented<TotalsGrouping>
          value={groupBy}
          onChange={setGroupBy}
          options={TOTALS_GROUPINGS.map((g) => ({ value: g, label: t(`activity.totals.by.${g}`) }))}
        />
        <Select
          aria-label={t('ledger.year')}
          allowClear
          value={year}
          onChange={setYear}
          options={yearOptions()}
          style={{ width: 110 }}
          placeholder={t('ledger.year')}
        />
        <TreeSelect
          {...scope.unitPicker}
          allowClear
          value={unitId}
          onChange={setUnitId}
          placeholder={t('ledger.unit')}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          value={type}
          onChange={setType}
          options={activityTypeOptions()}
          placeholder={t('activity.type')}
          style={{ width: 140 }}
        />
      </Space>
      {totals.isPending && <Spin />}
      {totals.isError && <Alert type="error" message={errorMessage(totals.error)} />}
      {data && (
        <>
          <Typography.Text strong data-testid="activity-totals">
            {t('activity.totals.overall', {
              records: number(data.total.records),
              sessions: number(data.total.sessions),
              participants: number(data.total.participants),
              beneficiaries: number(data.total.beneficiaries),
            })}
          </Typography.Text>
          <ProCard bordered>
            <ReactECharts
              notMerge
              style={{ height: 360, width: '100%' }}
              option={{
                // Axis labels are unit names (user input): the tooltip escapes them.
                tooltip: { trigger: 'axis', formatter: axisTooltip },
                legend: { top: 0 },
                grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
                xAxis: {
                  type: 'category',
                  data: chartRows.map((r) => r.label),
                  axisLabel: { rotate: groupBy === 'month' ? 0 : 40, fontSize: 11 },
                },
                yAxis: [
                  { type: 'value', name: t('activity.sessions'), minInterval: 1 },
                  { type: 'value', name: t('activity.beneficiaries') },
                ],
                series: [
                  {
                    type: 'bar',
                    name: t('activity.sessions'),
                    data: chartRows.map((r) => r.sessions),
                  },
                  {
                    type: 'line',
                    yAxisIndex: 1,
                    name: t('activity.beneficiaries'),
                    data: chartRows.map((r) => r.beneficiaries),
                  },
                ],
              }}
            />
          </ProCard>
          <Table<TotalsRow>
            size="small"
            rowKey="key"
            dataSource={rows}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t(`activity.totals.by.${groupBy}`), dataIndex: 'label' },
              { title: t('activity.records'), dataIndex: 'records', render: number },
              { title: t('activity.sessions'), dataIndex: 'sessions', render: number },
              { title: t('activity.participants'), dataIndex: 'participants', render: number },
              { title: t('activity.beneficiaries'), dataIndex: 'beneficiaries', render: number },
            ]}
          />
        </>
      )}
    </ProCard>
  );
}
