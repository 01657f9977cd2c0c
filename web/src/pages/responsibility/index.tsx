import { PageContainer } from '@ant-design/pro-components';
import { useSearchParams } from 'react-router-dom';
import { useLedgerScope } from '../../components/ledger/useLedgerScope.js';
import { t } from '../../locale/zh-CN.js';
import { AssignmentsTab } from './components/AssignmentsTab.js';
import { GroupsTab } from './components/GroupsTab.js';
import { LettersTab } from './components/LettersTab.js';
import { MeetingsTab } from './components/MeetingsTab.js';
import { ReportsTab } from './components/ReportsTab.js';

const TABS = ['meetings', 'letters', 'groups', 'assignments', 'reports'] as const;
type Tab = (typeof TABS)[number];

/** 责任制: one page, a tab per ledger; the tab is in the URL so links and reloads keep it. */
export default function ResponsibilityPage() {
  const scope = useLedgerScope();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((k) => k === params.get('tab')) ?? 'meetings';
  return (
    <PageContainer
      title={t('responsibility.title')}
      tabActiveKey={tab}
      onTabChange={(key) => setParams({ tab: key }, { replace: true })}
      tabList={TABS.map((key) => ({ key, tab: t(`responsibility.tab.${key}`) }))}
    >
      {tab === 'meetings' && <MeetingsTab scope={scope} />}
      {tab === 'letters' && <LettersTab scope={scope} />}
      {tab === 'groups' && <GroupsTab scope={scope} />}
      {tab === 'assignments' && <AssignmentsTab scope={scope} />}
      {tab === 'reports' && <ReportsTab scope={scope} />}
    </PageContainer>
  );
}
