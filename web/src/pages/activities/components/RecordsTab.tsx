import {
  type ActionType,
  ProForm,
  ProFormDatePicker,
  ProFormDigit,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import {
  ACTIVITY_TYPES,
  type Activity,
  type ActivityType,
  activitiesApi,
} from '../../../api/activities.js';
import type { LedgerFilter } from '../../../api/responsibility.js';
import {
  attachmentsColumn,
  enumColumn,
  unitColumn,
  yearColumn,
} from '../../../components/ledger/columns.js';
import {
  AttachmentsField,
  LedgerForm,
  TitleField,
  UnitField,
  useEditor,
} from '../../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../../components/ledger/LedgerTable.js';
import { isoDay } from '../../../components/ledger/time.js';
import type { LedgerScope } from '../../../components/ledger/useLedgerScope.js';
import { t } from '../../../locale/zh-CN.js';

export const activityTypeOptions = () =>
  ACTIVITY_TYPES.map((k) => ({ value: k, label: t(`activity.type.${k}`) }));

const number = (n: number) => n.toLocaleString('zh-CN');

interface Search extends LedgerFilter {
  type?: ActivityType;
  brandProject?: string;
}

interface Values extends Record<string, unknown> {
  unitId: number;
  type: ActivityType;
  title: string;
  heldOn: Dayjs | string;
  sessions?: number;
  participants?: number;
  beneficiaries?: number;
  brandProject?: string;
  note?: string;
  attachmentIds?: number[];
}

export function RecordsTab({ scope }: { scope: LedgerScope }) {
  const actionRef = useRef<ActionType>(null);
  const editor = useEditor<Activity>();
  const activity = editor.record;

  return (
    <>
      <LedgerTable<Activity, Search>
        actionRef={actionRef}
        title={t('activities.tab.records')}
        columns={[
          { title: t('ledger.heldOn'), dataIndex: 'heldOn', search: false },
          unitColumn(scope),
          yearColumn(),
          enumColumn(t('activity.type'), 'type', activityTypeOptions(), (a) =>
            t(`activity.type.${a.type}`),
          ),
          { title: t('ledger.title'), dataIndex: 'title', search: false },
          {
            title: t('activity.sessions'),
            dataIndex: 'sessions',
            search: false,
            render: (_d, a) => number(a.sessions),
          },
          {
            title: t('activity.participants'),
            dataIndex: 'participants',
            search: false,
            render: (_d, a) => number(a.participants),
          },
          {
            title: t('activity.beneficiaries'),
            dataIndex: 'beneficiaries',
            search: false,
            render: (_d, a) => number(a.beneficiaries),
          },
          { title: t('activity.brandProject'), dataIndex: 'brandProject' },
          attachmentsColumn(t('ledger.attachments.photos')),
        ]}
        request={activitiesApi.list}
        excelBase="activities"
        create={{ route: 'POST /activities', label: t('activity.create'), onClick: editor.create }}
        edit={{ route: 'PATCH /activities/:id', onClick: editor.edit }}
        remove={{ route: 'DELETE /activities/:id', run: (a) => activitiesApi.remove(a.id) }}
      />
      <LedgerForm<Values, Activity>
        editor={editor}
        title={{ create: t('activity.create'), edit: t('activity.edit') }}
        width={640}
        initialValues={
          activity
            ? { ...activity }
            : {
                unitId: scope.defaultUnitId,
                type: 'lecture',
                sessions: 1,
                participants: 0,
                beneficiaries: 0,
                attachmentIds: [],
              }
        }
        save={(values) => {
          const body = {
            type: values.type,
            title: values.title.trim(),
            heldOn: isoDay(values.heldOn),
            sessions: values.sessions ?? 1,
            participants: values.participants ?? 0,
            beneficiaries: values.beneficiaries ?? 0,
            brandProject: values.brandProject?.trim() ?? '',
            note: values.note?.trim() ?? '',
            attachmentIds: values.attachmentIds ?? [],
          };
          return activity
            ? activitiesApi.update(activity.id, body)
            : activitiesApi.create({ ...body, unitId: values.unitId });
        }}
        onSaved={() => actionRef.current?.reload()}
      >
        <UnitField scope={scope} locked={!!activity} />
        <ProFormSelect
          name="type"
          label={t('activity.type')}
          options={activityTypeOptions()}
          rules={[{ required: true, message: t('activity.type.required') }]}
        />
        <TitleField />
        <ProFormDatePicker
          name="heldOn"
          label={t('ledger.heldOn')}
          rules={[{ required: true, message: t('ledger.heldOn.required') }]}
        />
        <ProForm.Group>
          <ProFormDigit
            name="sessions"
            label={t('activity.sessions')}
            min={1}
            fieldProps={{ precision: 0 }}
            width="xs"
          />
          <ProFormDigit
            name="participants"
            label={t('activity.participants')}
            min={0}
            fieldProps={{ precision: 0 }}
            width="sm"
          />
          <ProFormDigit
            name="beneficiaries"
            label={t('activity.beneficiaries')}
            min={0}
            fieldProps={{ precision: 0 }}
            width="sm"
          />
        </ProForm.Group>
        <ProFormText name="brandProject" label={t('activity.brandProject')} />
        <ProFormTextArea name="note" label={t('activity.note')} fieldProps={{ rows: 2 }} />
        <AttachmentsField label={t('ledger.attachments.photos')} images />
      </LedgerForm>
    </>
  );
}
