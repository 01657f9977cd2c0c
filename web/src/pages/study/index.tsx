import { PageContainer } from '@ant-design/pro-components';
import { useSearchParams } from 'react-router-dom';
import { useLedgerScope } from '../../components/ledger/useLedgerScope.js';
import { t } from '../../locale/zh-CN.js';
import { PlansTab } from './components/PlansTab.js';
import { SessionsTab } from './components/SessionsTab.js';

const TABS = ['sessions', 'plans'] as const;
type Tab = (typeof TABS)[number];

/** 理论武装: study sessions (with attendance) and yearly study plans. */
export default function StudyPage() {
  const scope = useLedgerScope();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((k) => k === params.get('tab')) ?? 'sessions';
  return (
    <PageContainer
      title={t('study.title')}
      tabActiveKey={tab}
      onTabChange={(key) => setParams({ tab: key }, { replace: true })}
      tabList={TABS.map((key) => ({ key, tab: t(`study.tab.${key}`) }))}
    >
      {tab === 'sessions' && <SessionsTab scope={scope} />}
      {tab === 'plans' && <PlansTab scope={scope} />}
    </PageContainer>
  );
}
