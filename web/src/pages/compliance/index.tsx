import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Result, Row, Spin, Statistic, Table, Typography } from 'antd';
import ReactECharts from 'echarts-for-react';
import { useState } from 'react';
import { Link, Navigate } from 'react-router-dom';
import { errorMessage } from '../../api/client.js';
import {
  type CityView,
  complianceApi,
  type OverdueItem,
  type RankingEntry,
} from '../../api/compliance.js';
import { axisTooltip } from '../../components/chartText.js';
import { useLedgerScope } from '../../components/ledger/useLedgerScope.js';
import { t } from '../../locale/zh-CN.js';
import { CellDrawer, type CellRef } from './components/CellDrawer.js';
import { HeatMapChart, HeatMapTable } from './components/HeatMap.js';
import { groupLabel, periodLabel } from './components/status.js';
import { useYearParam, YearSelect } from './components/YearSelect.js';

/** /compliance: the committee's city view; a unit's liaison or leader lands on their unit view. */
export default function CompliancePage() {
  const scope = useLedgerScope();
  const [year] = useYearParam();
  if (!scope.me) return <Spin />;
  if (!scope.isCommittee) {
    const own = scope.me.roles.find((r) => r.role === 'unit_liaison' || r.role === 'unit_leader');
    if (!own) return <Result status="info" title={t('compliance.noUnit')} />;
    return <Navigate to={`/compliance/unit/${own.unitId}?year=${year}`} replace />;
  }
  return <CityDashboard />;
}

function CityDashboard() {
  const [year, setYear] = useYearParam();
  const [cell, setCell] = useState<CellRef>();
  const city = useQuery({
    queryKey: ['compliance', 'city', year],
    queryFn: () => complianceApi.city(year),
  });
  const view = city.data;

  return (
    <PageContainer
      title={t('compliance.city.title')}
      extra={<YearSelect year={year} onChange={setYear} />}
      subTitle={view ? t('compliance.asOf', { date: view.asOf }) : undefined}
    >
      {city.isPending && <Spin />}
      {city.isError && <Alert type="error" message={errorMessage(city.error)} />}
      {view && (
        <div data-testid="city-view" data-year={view.year}>
          <Summary view={view} />
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} xl={13}>
              <Card title={t('compliance.heatmap')} size="small" extra={<HintText />}>
                <div data-testid="heatmap-chart">
                  <HeatMapChart view={view} onCell={setCell} />
                </div>
              </Card>
            </Col>
            <Col xs={24} xl={11}>
              <Card title={t('compliance.matrix')} size="small">
                <HeatMapTable view={view} onCell={setCell} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card title={t('compliance.ranking')} size="small">
                <Ranking rows={view.ranking} year={year} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                title={t('compliance.overdue')}
                size="small"
                extra={t('compliance.overdue.total', { n: view.overdue.total })}
              >
                <OverdueTable rows={view.overdue.items} year={year} />
              </Card>
            </Col>
            <Col xs={24}>
              <Card title={t('compliance.trend')} size="small">
                <Trend view={view} />
              </Card>
            </Col>
          </Row>
        </div>
      )}
      <CellDrawer cell={cell} year={year} onClose={() => setCell(undefined)} />
    </PageContainer>
  );
}

function HintText() {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('compliance.heatmap.hint')}
    </Typography.Text>
  );
}

function Summary({ view }: { view: CityView }) {
  const s = view.summary;
  // A grid of statistics, not StatisticCard.Group: the group does not wrap and made the page
  // wider than a phone's screen.
  const items: { title: string; value: number | string; suffix?: string; color?: string }[] = [
    { title: t('compliance.summary.units'), value: s.units },
    {
      title: t('compliance.summary.share'),
      value: s.share === null ? '—' : s.share,
      suffix: s.share === null ? '' : '%',
    },
    { title: t('compliance.summary.met'), value: s.met, color: '#52c41a' },
    { title: t('compliance.summary.dueSoon'), value: s.dueSoon, color: '#faad14' },
    { title: t('compliance.summary.overdue'), value: s.overdue, color: '#f5222d' },
  ];
  return (
    <Card size="small" data-testid="city-summary">
      <Row gutter={[16, 8]}>
        {items.map((item) => (
          <Col xs={12} sm={8} md={4} key={item.title}>
            <Statistic
              title={item.title}
              value={item.value}
              suffix={item.suffix}
              valueStyle={item.color ? { color: item.color } : undefined}
            />
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="share-definition">
        {t('compliance.share.definition')}
      </Typography.Text>
    </Card>
  );
}

function Ranking({ rows, year }: { rows: RankingEntry[]; year: number }) {
  return (
    <Table<RankingEntry>
      size="small"
      rowKey="unitId"
      dataSource={rows}
      pagination={{ pageSize: 10, showSizeChanger: false }}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('compliance.rank'), dataIndex: 'rank', width: 60 },
        {
          title: t('compliance.matrix.unit'),
          dataIndex: 'name',
          render: (_v, r) => <Link to={`/compliance/unit/${r.unitId}?year=${year}`}>{r.name}</Link>,
        },
        {
          title: t('compliance.share'),
          dataIndex: 'share',
          render: (v: number | null) => (v === null ? '—' : `${v}%`),
        },
        { title: t('compliance.summary.met'), dataIndex: 'met' },
        { title: t('compliance.summary.dueSoon'), dataIndex: 'dueSoon' },
        { title: t('compliance.summary.overdue'), dataIndex: 'overdue' },
      ]}
    />
  );
}

function OverdueTable({ rows, year }: { rows: OverdueItem[]; year: number }) {
  return (
    <Table<OverdueItem>
      size="small"
      rowKey={(r) => `${r.unitId}-${r.requirementId}-${r.period}`}
      dataSource={rows}
      pagination={{ pageSize: 10, showSizeChanger: false }}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          title: t('compliance.matrix.unit'),
          dataIndex: 'unitName',
          render: (_v, r) => (
            <Link to={`/compliance/unit/${r.unitId}?year=${year}`}>{r.unitName}</Link>
          ),
        },
        { title: t('compliance.requirement'), dataIndex: 'requirementName' },
        {
          title: t('compliance.period'),
          dataIndex: 'period',
          render: (p: string) => periodLabel(p),
        },
        { title: t('compliance.dueDate'), dataIndex: 'dueDate' },
        { title: t('compliance.overdue.days'), dataIndex: 'daysOverdue' },
      ]}
    />
  );
}

function Trend({ view }: { view: CityView }) {
  const option = {
    tooltip: { trigger: 'axis', formatter: axisTooltip },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: view.trend.months.map((m) => `${Number(m.slice(5))}月`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: view.trend.series.map((s) => ({
      type: 'line',
      name: groupLabel(s.group),
      data: s.data,
      smooth: true,
    })),
  };
  return <ReactECharts option={option} notMerge style={{ height: 280, width: '100%' }} />;
}
