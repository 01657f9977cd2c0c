import type { ActionType } from '@ant-design/pro-components';
import { Typography } from 'antd';
import { useRef } from 'react';
import {
  type LedgerFilter,
  type Meeting,
  type MeetingKind,
  meetingsApi,
} from '../../../api/responsibility.js';
import {
  attachmentsColumn,
  enumColumn,
  unitColumn,
  yearColumn,
} from '../../../components/ledger/columns.js';
import { useEditor } from '../../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../../components/ledger/LedgerTable.js';
import { beijingWall } from '../../../components/ledger/time.js';
import type { LedgerScope } from '../../../components/ledger/useLedgerScope.js';
import { t } from '../../../locale/zh-CN.js';
import { MeetingForm, meetingKindOptions } from './MeetingForm.js';

interface Search extends LedgerFilter {
  kind?: MeetingKind;
}

export function MeetingsTab({ scope }: { scope: LedgerScope }) {
  const actionRef = useRef<ActionType>(null);
  const editor = useEditor<Meeting>();

  return (
    <>
      <LedgerTable<Meeting, Search>
        actionRef={actionRef}
        title={t('responsibility.tab.meetings')}
        columns={[
          {
            title: t('ledger.heldAt'),
            dataIndex: 'heldAt',
            search: false,
            render: (_dom, m) => beijingWall(m.heldAt),
          },
          unitColumn(scope),
          yearColumn(),
          enumColumn(t('meeting.kind'), 'kind', meetingKindOptions(), (m) =>
            t(`meeting.kind.${m.kind}`),
          ),
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
        ]}
        request={meetingsApi.list}
        excelBase="agenda-meetings"
        create={{
          route: 'POST /agenda-meetings',
          label: t('meeting.create'),
          onClick: editor.create,
        }}
        edit={{ route: 'PATCH /agenda-meetings/:id', onClick: editor.edit }}
        remove={{ route: 'DELETE /agenda-meetings/:id', run: (m) => meetingsApi.remove(m.id) }}
      />
      <MeetingForm editor={editor} scope={scope} onSaved={() => actionRef.current?.reload()} />
    </>
  );
}
