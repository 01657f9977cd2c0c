// 首页: what the signed-in person has to do now, by role — a liaison's items due soon and overdue,
// a leader's letters still to sign, the committee's units with overdue items — and the pages
// they may open.
import { PageContainer } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Empty, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client.js';
import { complianceApi, type RankingEntry, type RequirementResult } from '../../api/compliance.js';
import { type Letter, lettersApi } from '../../api/responsibility.js';
import type { Me } from '../../api/types.js';
import { useMe } from '../../auth/session.js';
import { beijingYear } from '../../components/ledger/time.js';
import { t } from '../../locale/zh-CN.js';
import { visibleEntries } from '../../menu.js';
import { periodLabel, StatusTag } from '../compliance/components/status.js';

export default function HomePage() {
  const me = useMe().data;
  if (!me) return <Spin />;
  const year = beijingYear();
  const roles = me.roles.map((r) => r.role);
  const committee = roles.includes('committee_admin');
  const unitRole = me.roles.find((r) => r.role === 'unit_liaison' || r.role === 'unit_leader');
  const leader = me.roles.find((r) => r.role === 'unit_leader');
  const sections: ReactNode[] = [];
  if (committee) sections.push(<OverdueUnits key="units" year={year} />);
  if (unitRole) {
    sections.push(
      <UnitTodo key="todo" unitId={unitRole.unitId} unitName={unitRole.unitName} year={year} />,
    );
  }
  if (leader) sections.push(<LettersToSign key="letters" unitId={leader.unitId} year={year} />);

  return (
    <PageContainer title={t('home.title', { name: me.displayName })} subTitle={me.unitName}>
      <Row gutter={[16, 16]} data-testid="home">
        {sections.map((section, i) => (
          <Col xs={24} xl={sections.length > 1 && i > 0 ? 12 : 24} key={String(i)}>
            {section}
          </Col>
        ))}
        {sections.length === 0 && (
          <Col xs={24}>
            <Card size="small" title={t('home.todo')}>
              <Empty description={t('home.nothingForRole')} />
            </Card>
          </Col>
        )}
        <Col xs={24}>
          <QuickLinks me={me} />
        </Col>
      </Row>
    </PageContainer>
  );
}

function Loading({ query }: { query: { isPending: boolean; isError: boolean; error: unknown } }) {
  if (query.isPending) return <Spin />;
  if (query.isError) return <Alert type="error" message={errorMessage(query.error)} />;
  return null;
}

/** The committee: units with overdue items, most overdue first. */
function OverdueUnits({ year }: { year: number }) {
  const city = useQuery({
    queryKey: ['compliance', 'city', year],
    queryFn: () => complianceApi.city(year),
  });
  const rows = (city.data?.ranking ?? [])
    .filter((r) => r.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue || a.unitId - b.unitId);
  return (
    <Card
      size="small"
      title={t('home.overdueUnits')}
      extra={<Link to={`/compliance?year=${year}`}>{t('menu.compliance')}</Link>}
      data-testid="home-overdue-units"
      data-count={city.data ? rows.length : undefined}
    >
      <Loading query={city} />
      {city.data && (
        <>
          <Typography.Paragraph type="secondary">
            {t('home.overdueUnits.summary', {
              units: rows.length,
              total: city.data.summary.units,
              items: city.data.summary.overdue,
            })}
          </Typography.Paragraph>
          <Table<RankingEntry>
            size="small"
            rowKey="unitId"
            dataSource={rows}
            pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('home.empty') }}
            onRow={(r) => ({ 'data-unit-id': r.unitId }) as object}
            columns={[
              {
                title: t('compliance.matrix.unit'),
                dataIndex: 'name',
                render: (_v, r) => (
                  <Link to={`/compliance/unit/${r.unitId}?year=${year}`}>{r.name}</Link>
                ),
              },
              { title: t('compliance.summary.overdue'), dataIndex: 'overdue' },
              { title: t('compliance.summary.dueSoon'), dataIndex: 'dueSoon' },
              {
                title: t('compliance.share'),
                dataIndex: 'share',
                render: (v: number | null) => (v === null ? '—' : `${v}%`),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

/** Items the unit (and its branches) must still do: overdue first, then by deadline. */
export function todoItems(requirements: readonly RequirementResult[]): RequirementResult[] {
  const rank = (r: RequirementResult) => (r.status === 'overdue' ? 0 : 1);
  return requirements
    .filter((r) => r.status === 'overdue' || r.status === 'due-soon')
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        a.dueDate.localeCompare(b.dueDate) ||
        a.requirementName.localeCompare(b.requirementName),
    );
}

function UnitTodo({ unitId, unitName, year }: { unitId: number; unitName: string; year: number }) {
  const view = useQuery({
    queryKey: ['compliance', 'unit', unitId, year],
    queryFn: () => complianceApi.unit(unitId, year),
  });
  const rows = view.data ? todoItems(view.data.requirements) : [];
  return (
    <Card
      size="small"
      title={t('home.unitTodo', { name: unitName })}
      extra={<Link to={`/compliance/unit/${unitId}?year=${year}`}>{t('compliance.openUnit')}</Link>}
      data-testid="home-unit-todo"
      data-count={view.data ? rows.length : undefined}
    >
      <Loading query={view} />
      {view.data && (
        <Table<RequirementResult>
          size="small"
          rowKey={(r) => `${r.unitId}-${r.requirementId}-${r.period}`}
          dataSource={rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('home.empty') }}
          columns={[
            {
              title: t('compliance.status'),
              dataIndex: 'status',
              render: (_v, r) => <StatusTag status={r.status} />,
            },
            { title: t('compliance.requirement'), dataIndex: 'requirementName' },
            { title: t('compliance.record.unit'), dataIndex: 'unitName' },
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
          ]}
        />
      )}
    </Card>
  );
}

/** A leader: this year's responsibility letters of the unit still waiting for a signature. */
function LettersToSign({ unitId, year }: { unitId: number; year: number }) {
  const letters = useQuery({
    queryKey: ['responsibility-letters', 'pending', unitId, year],
    queryFn: () => lettersApi.list({ unitId, year, status: 'pending', page: 1, pageSize: 100 }),
  });
  const link = `/responsibility?tab=letters&unitId=${unitId}&year=${year}&status=pending`;
  return (
    <Card
      size="small"
      title={t('home.letters', { year })}
      extra={<Link to={link}>{t('home.letters.open')}</Link>}
      data-testid="home-letters"
      data-count={letters.data ? letters.data.total : undefined}
    >
      <Loading query={letters} />
      {letters.data && (
        <Table<Letter>
          size="small"
          rowKey="id"
          dataSource={letters.data.items}
          pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('home.letters.none') }}
          columns={[
            {
              title: t('letter.person'),
              key: 'person',
              render: (_v, l) =>
                l.personTitle ? `${l.personName}（${l.personTitle}）` : l.personName,
            },
            { title: t('ledger.unit'), dataIndex: 'unitName' },
            {
              title: t('letter.status'),
              key: 'status',
              render: () => <Tag color="warning">{t('letter.status.pending')}</Tag>,
            },
          ]}
        />
      )}
    </Card>
  );
}

function QuickLinks({ me }: { me: Me }) {
  const entries = visibleEntries(
    me.modules,
    me.roles.map((r) => r.role),
  ).filter((e) => !e.hideInMenu);
  return (
    <Card size="small" title={t('home.links')}>
      <Space wrap size="middle">
        {entries.map((e) => (
          <Link key={e.path} to={e.path}>
            <Space size={4}>
              {e.icon}
              {t(e.label)}
            </Space>
          </Link>
        ))}
      </Space>
    </Card>
  );
}
