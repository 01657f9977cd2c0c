import {
  type ActionType,
  ModalForm,
  type ProColumns,
  ProForm,
  ProFormDatePicker,
  ProFormDependency,
  ProFormDigit,
  ProFormSelect,
  ProFormText,
  ProFormTextArea,
  ProFormTreeSelect,
  ProTable,
} from '@ant-design/pro-components';
import { App } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import {
  ACTIVITY_TYPES,
  type Activity,
  type ActivityType,
  activitiesApi,
} from '../../../api/activities.js';
import { errorMessage } from '../../../api/client.js';
import type { LedgerFilter } from '../../../api/responsibility.js';
import { useTableErrors } from '../../../components/useTableErrors.js';
import { t } from '../../../locale/zh-CN.js';
import { AttachmentField } from '../../compliance/shared/AttachmentField.js';
import {
  attachmentsColumn,
  LEDGER_TABLE,
  RowActions,
  unitColumn,
  yearColumn,
} from '../../compliance/shared/columns.js';
import { LedgerToolbar } from '../../compliance/shared/LedgerToolbar.js';
import { isoDay } from '../../compliance/shared/time.js';
import type { useLedgerScope } from '../../compliance/shared/useLedgerScope.js';

type Scope = ReturnType<typeof useLedgerScope>;

export const activityTypeOptions = () =>
  ACTIVITY_TYPES.map((k) => ({ value: k, label: t(`activity.type.${k}`) }));

interface Search extends LedgerFilter {
  type?: ActivityType;
  brandProject?: string;
}

export function RecordsTab({ scope }: { scope: Scope }) {
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [editing, setEditing] = useState<{ activity?: Activity }>();
  const reload = () => actionRef.current?.reload();
  const number = (n: number) => n.toLocaleString('zh-CN');

  const columns: ProColumns<Activity>[] = [
    { title: t('ledger.heldOn'), dataIndex: 'heldOn', search: false },
    unitColumn(scope),
    yearColumn(),
    {
      title: t('activity.type'),
      dataIndex: 'type',
      valueType: 'select',
      fieldProps: { options: activityTypeOptions() },
      render: (_dom, a) => t(`activity.type.${a.type}`),
    },
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
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_dom, a) =>
        scope.canEdit ? (
          <RowActions
            onEdit={() => setEditing({ activity: a })}
            onDelete={() => activitiesApi.remove(a.id)}
            onDeleted={reload}
          />
        ) : null,
    },
  ];

  return (
    <>
      <ProTable<Activity, Search>
        {...LEDGER_TABLE}
        actionRef={actionRef}
        headerTitle={t('activities.tab.records')}
        columns={columns}
        onRequestError={onRequestError}
        request={async (params) => {
          const query = { unitId: params.unitId, year: params.year };
          setFilter(query);
          const page = await activitiesApi.list({
            ...query,
            type: params.type,
            brandProject: params.brandProject?.trim() || undefined,
            page: params.current ?? 1,
            pageSize: params.pageSize ?? 20,
          });
          return { data: page.items, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <LedgerToolbar
            key="tools"
            base="activities"
            filter={filter}
            canEdit={scope.canEdit}
            createLabel={t('activity.create')}
            onCreate={() => setEditing({})}
            importFile={activitiesApi.import}
            onImported={reload}
          />,
        ]}
      />
      <ActivityForm
        open={!!editing}
        activity={editing?.activity}
        scope={scope}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={reload}
      />
    </>
  );
}

interface Values {
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

function ActivityForm(props: {
  open: boolean;
  activity?: Activity;
  scope: Scope;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const { activity, scope } = props;
  return (
    <ModalForm<Values>
      key={activity?.id ?? 'new'}
      title={activity ? t('activity.edit') : t('activity.create')}
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={640}
      modalProps={{ destroyOnHidden: true }}
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
      onFinish={async (values) => {
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
        try {
          if (activity) await activitiesApi.update(activity.id, body);
          else await activitiesApi.create({ ...body, unitId: values.unitId });
          message.success(t('common.saved'));
          props.onSaved();
          return true;
        } catch (error) {
          message.error(errorMessage(error));
          return false;
        }
      }}
    >
      <ProFormTreeSelect
        name="unitId"
        label={t('ledger.unit')}
        disabled={!!activity}
        rules={[{ required: true, message: t('ledger.unit.required') }]}
        fieldProps={scope.unitPicker}
      />
      <ProFormSelect
        name="type"
        label={t('activity.type')}
        options={activityTypeOptions()}
        rules={[{ required: true, message: t('activity.type.required') }]}
      />
      <ProFormText
        name="title"
        label={t('ledger.title')}
        rules={[{ required: true, message: t('ledger.title.required') }]}
      />
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
      <ProFormDependency name={['unitId']}>
        {({ unitId }) => (
          <ProForm.Item name="attachmentIds" label={t('ledger.attachments.photos')}>
            <AttachmentField unitId={unitId as number | undefined} images />
          </ProForm.Item>
        )}
      </ProFormDependency>
    </ModalForm>
  );
}
