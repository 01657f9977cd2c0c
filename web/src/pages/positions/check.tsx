import { PageContainer, ProCard } from '@ant-design/pro-components';
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Space, Table, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/client.js';
import {
  positionsApi,
  type Severity,
  type SiteFinding,
  severities,
  severityLabels,
} from '../../api/positions.js';
import { t } from '../../locale/zh-CN.js';

const SEVERITY_COLOR: Record<Severity, string> = {
  veto: 'error',
  deduct: 'warning',
  info: 'default',
};

/** What a finding shows besides its page: the broken link, the column, the wrong text. */
function evidence(f: SiteFinding) {
  const rows: [string, string][] = [];
  if (f.target) rows.push([t('positions.report.target'), f.target]);
  if (f.status !== undefined)
    rows.push([t('positions.report.status'), f.status ? String(f.status) : '无响应']);
  if (f.name) rows.push([t('positions.report.column'), f.name]);
  if (f.lastUpdated !== undefined && f.limitDays !== undefined)
    rows.push([
      t('positions.report.lastUpdated'),
      `${f.lastUpdated ?? '无日期'}（${t('positions.report.limit')} ${f.limitDays}）`,
    ]);
  if (f.text)
    rows.push([
      f.code.startsWith('columns-') ? t('positions.report.columns') : t('positions.report.text'),
      f.text,
    ]);
  if (f.suggestion) rows.push([t('positions.report.suggestion'), f.suggestion]);
  if (f.reason) rows.push([t('positions.report.reason'), f.reason]);
  return (
    <Space direction="vertical" size={0}>
      {rows.map(([label, value]) => (
        <Typography.Text key={label} style={{ wordBreak: 'break-all' }}>
          {label}：{value}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** One check's report, grouped by severity: each finding's page and its evidence. */
export default function CheckReportPage() {
  const id = Number(useParams().id);
  const report = useQuery({
    queryKey: ['position-checks', id],
    queryFn: () => positionsApi.check(id),
  });
  const r = report.data;
  return (
    <PageContainer
      title={
        r?.positionName
          ? `${t('positions.report.title')} · ${r.positionName}`
          : t('positions.report.title')
      }
      loading={report.isLoading}
      onBack={() => history.back()}
    >
      {report.isError && <Alert type="error" message={errorMessage(report.error)} />}
      {r && (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Paragraph>
            {t('positions.report.summary', { day: r.checkedOn ?? '—', pages: r.pages })}{' '}
            <Link to={`/positions/${r.positionId}`}>{t('positions.report.back')}</Link>
          </Typography.Paragraph>
          {r.notes.map((n) => (
            <Alert key={n} type="info" message={n} />
          ))}
          {r.findings.length === 0 && <Empty description={t('positions.report.none')} />}
          {severities.map((s) => {
            const group = r.findings.filter((f) => f.severity === s);
            if (group.length === 0) return null;
            return (
              <div key={s} data-testid={`findings-${s}`}>
                <ProCard
                  bordered
                  title={
                    <Space>
                      <Tag color={SEVERITY_COLOR[s]}>{severityLabels[s]}</Tag>
                      <span>{group.length}</span>
                    </Space>
                  }
                >
                  <Table<SiteFinding>
                    rowKey={(f, i) =>
                      `${f.code}-${f.page}-${f.target ?? f.column ?? f.text ?? ''}-${i}`
                    }
                    size="small"
                    pagination={false}
                    scroll={{ x: 'max-content' }}
                    dataSource={group}
                    columns={[
                      { title: t('positions.report.code'), dataIndex: 'codeLabel' },
                      {
                        title: t('positions.report.page'),
                        render: (_v, f) => (
                          <a
                            href={f.page}
                            target="_blank"
                            rel="noreferrer noopener"
                            style={{ wordBreak: 'break-all' }}
                          >
                            {f.page}
                          </a>
                        ),
                      },
                      { title: t('positions.report.evidence'), render: (_v, f) => evidence(f) },
                    ]}
                  />
                </ProCard>
              </div>
            );
          })}
        </Space>
      )}
    </PageContainer>
  );
}
