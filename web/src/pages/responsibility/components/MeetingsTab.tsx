import { type ActionType, type ProColumns, ProTable } from '@ant-design/pro-components';
import { Typography } from 'antd';
import { useRef, useState } from 'react';
import {
  type LedgerFilter,
  type Meeting,
  type MeetingKind,
  meetingsApi,
} from '../../../api/responsibility.js';
import { useTableErrors } from '../../../components/useTableErrors.js';
import { t } from '../../../locale/zh-CN.js';
import {
  attachmentsColumn,
  LEDGER_TABLE,
  RowActions,
  unitColumn,
  yearColumn,
} from '../../compliance/shared/columns.js';
import { LedgerToolbar } from '../../compliance/shared/LedgerToolbar.js';
import { beijingWall } from '../../compliance/shared/time.js';
import type { useLedgerScope } from '../../compliance/shared/useLedgerScope.js';
import { MeetingForm, meetingKindOptions } from './MeetingForm.js';

interface Search extends LedgerFilter {
  kind?: MeetingKind;
}

export function MeetingsTab({ scope }: { scope: ReturnType<typeof useLedgerScope> }) {
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [editing, setEditing] = useState<{ meeting?: Meeting }>();
  const reload = () => actionRef.current?.reload();

  const columns: ProColumns<Meeting>[] = [
    {
      title: t('ledger.heldAt'),
      dataIndex: 'heldAt',
      search: false,
      render: (_dom, m) => beijingWall(m.heldAt),
    },
    unitColumn(scope),
    yearColumn(),
    {
      title: t('meeting.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      fieldProps: { options: meetingKindOptions() },
      render: (_dom, m) => t(`meeting.kind.${m.kind}`),
    },
    { title: t('ledger.title'), dataIndex: 'title', search: false },
    {
      title: t('meeting.participants'),
      dataIndex: 'participants',
      search: false,
      render: (_dom, m) => (
        <Typography.Text ellipsis style={{ maxWidth: 220 }}>
          {m.participants.join('、') || t('common.none')}
        </Typography.Text>
      ),
    },
    {
      title: t('ledger.topics'),
      dataIndex: 'topics',
      search: false,
      ellipsis: true,
      width: 200,
    },
    attachmentsColumn(),
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_dom, m) =>
        scope.canEdit ? (
          <RowActions
            onEdit={() => setEditing({ meeting: m })}
            onDelete={() => meetingsApi.remove(m.id)}
            onDeleted={reload}
          />
        ) : null,
    },
  ];

  return (
    <>
      <ProTable<Meeting, Search>
        {...LEDGER_TABLE}
        actionRef={actionRef}
        headerTitle={t('responsibility.tab.meetings')}
        columns={columns}
        onRequestError={onRequestError}
        request={async (params) => {
          const query = { unitId: params.unitId, year: params.year };
          setFilter(query);
          const page = await meetingsApi.list({
            ...query,
            kind: params.kind,
            page: params.current ?? 1,
            pageSize: params.pageSize ?? 20,
          });
          return { data: page.items, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <LedgerToolbar
            key="tools"
            base="agenda-meetings"
            filter={filter}
            canEdit={scope.canEdit}
            createLabel={t('meeting.create')}
            onCreate={() => setEditing({})}
            importFile={meetingsApi.import}
            onImported={reload}
          />,
        ]}
      />
      <MeetingForm
        open={!!editing}
        meeting={editing?.meeting}
        scope={scope}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={reload}
      />
    </>
  );
}
