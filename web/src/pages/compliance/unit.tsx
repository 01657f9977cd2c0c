import { PageContainer, ProCard } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Space, Spin, Statistic, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client.js';
import { complianceApi, type UnitView } from '../../api/compliance.js';
import { useLedgerScope } from '../../components/ledger/useLedgerScope.js';
import { t } from '../../locale/zh-CN.js';
import {
  CellDrawer,
  type CellRef,
  RecordTable,
  RequirementTable,
} from './components/CellDrawer.js';
import { groupLabel, STATUS_COLOR, StatusTag } from './components/status.js';
import { useYearParam, YearSelect } from './components/YearSelect.js';

/** A unit's own view: its requirements with statuses, next deadlines, recent records. */
export default function UnitCompliancePage() {
  const { id } = useParams();
  const unitId = Number(id);
  const scope = useLedgerScope();
  const [year, setYear] = useYearParam();
  const [cell, setCell] = useState<CellRef>();
  const view = useQuery({
    queryKey: ['compliance', 'unit', unitId, year],
    enabled: Number.isInteger(unitId) && unitId > 0,
    queryFn: () => complianceApi.unit(unitId, year),
  });
  const data = view.data;

  return (
    <PageContainer
      title={
        data ? t('compliance.unit.title', { name: data.unit.name }) : t('menu.compliance.unit')
      }
      subTitle={data ? t('compliance.asOf', { date: data.asOf }) : undefined}
      extra={
        <Space wrap>
          {scope.isCommittee && <Link to={`/compliance?year=${year}`}>{t('menu.compliance')}</Link>}
          <YearSelect year={year} onChange={setYear} />
        </Space>
      }
    >
      {view.isPending && <Spin />}
      {view.isError && <Alert type="error" message={errorMessage(view.error)} />}
      {data && <UnitBody view={data} onCell={setCell} />}
      <CellDrawer cell={cell} year={year} onClose={() => setCell(undefined)} />
    </PageContainer>
  );
}

function UnitBody({ view, onCell }: { view: UnitView; onCell: (cell: CellRef) => void }) {
  return (
    <div data-testid="unit-view" data-unit-id={view.unit.id} data-status={view.summary.status}>
      <Row gutter={[16, 16]}>
        {view.groups.map((g) => (
          <Col xs={24} md={8} key={g.id}>
            <ProCard
              hoverable
              bordered
              data-testid={`unit-group-${g.id}`}
              data-status={g.status}
              style={{ borderTop: `4px solid ${STATUS_COLOR[g.status]}`, cursor: 'pointer' }}
              onClick={() =>
                onCell({ unitId: view.unit.id, unitName: view.unit.name, group: g.id })
              }
              title={groupLabel(g.id)}
              extra={<StatusTag status={g.status} />}
            >
              <Space size="large" wrap>
                <Statistic
                  title={t('compliance.share')}
                  value={g.share === null ? '—' : g.share}
                  suffix={g.share === null ? '' : '%'}
                />
                <Statistic title={t('compliance.summary.met')} value={g.met} />
                <Statistic
                  title={t('compliance.summary.dueSoon')}
                  value={g.dueSoon}
                  valueStyle={{ color: g.dueSoon ? '#faad14' : undefined }}
                />
                <Statistic
                  title={t('compliance.summary.overdue')}
                  value={g.overdue}
                  valueStyle={{ color: g.overdue ? '#f5222d' : undefined }}
                />
              </Space>
            </ProCard>
          </Col>
        ))}
        <Col xs={24} xl={12}>
          <Card title={t('compliance.nextDeadlines')} size="small">
            <RequirementTable rows={view.nextDeadlines} showUnit />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card
            title={t('compliance.recentRecords')}
            size="small"
            extra={
              <Typography.Text type="secondary">
                {t('compliance.records.total', { n: view.recentRecords.total })}
              </Typography.Text>
            }
          >
            <RecordTable rows={view.recentRecords.items} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('compliance.requirements')} size="small">
            <RequirementTable rows={view.requirements} showUnit pageSize={20} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
