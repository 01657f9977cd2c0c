import { PageContainer } from '@ant-design/pro-components';
import { useSearchParams } from 'react-router-dom';
import { useLedgerScope } from '../../components/ledger/useLedgerScope.js';
import { t } from '../../locale/zh-CN.js';
import { RecordsTab } from './components/RecordsTab.js';
import { TotalsTab } from './components/TotalsTab.js';

const TABS = ['records', 'totals'] as const;
type Tab = (typeof TABS)[number];

/** 载体建设: activity records with photos, and totals by unit, type, month or brand project. */
export default function ActivitiesPage() {
  const scope = useLedgerScope();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((k) => k === params.get('tab')) ?? 'records';
  return (
    <PageContainer
      title={t('activities.title')}
      tabActiveKey={tab}
      onTabChange={(key) => setParams({ tab: key }, { replace: true })}
      tabList={TABS.map((key) => ({ key, tab: t(`activities.tab.${key}`) }))}
    >
      {tab === 'records' && <RecordsTab scope={scope} />}
      {tab === 'totals' && <TotalsTab scope={scope} />}
    </PageContainer>
  );
}
