import {
  type ActionType,
  ModalForm,
  type ProColumns,
  ProForm,
  ProFormDateTimePicker,
  ProFormDependency,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
  ProFormTreeSelect,
  ProTable,
} from '@ant-design/pro-components';
import { App, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.js';
import type { LedgerFilter } from '../../../api/responsibility.js';
import {
  type AttendanceStatus,
  BRANCH_SESSION_KINDS,
  SESSION_KINDS,
  type SessionKind,
  type StudySession,
  sessionsApi,
} from '../../../api/study.js';
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
import { beijingInstant, beijingWall, pickerValue } from '../../compliance/shared/time.js';
import { useFamilyPeople, type useLedgerScope } from '../../compliance/shared/useLedgerScope.js';
import { AttendanceEditor } from './AttendanceEditor.js';

type Scope = ReturnType<typeof useLedgerScope>;

const kindOptions = () => SESSION_KINDS.map((k) => ({ value: k, label: t(`session.kind.${k}`) }));

interface Search extends LedgerFilter {
  kind?: SessionKind;
}

export function SessionsTab({ scope }: { scope: Scope }) {
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [editing, setEditing] = useState<{ session?: StudySession }>();
  const reload = () => actionRef.current?.reload();

  const columns: ProColumns<StudySession>[] = [
    {
      title: t('ledger.heldAt'),
      dataIndex: 'heldAt',
      search: false,
      render: (_dom, s) => beijingWall(s.heldAt),
    },
    unitColumn(scope),
    yearColumn(),
    {
      title: t('session.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      fieldProps: { options: kindOptions() },
      render: (_dom, s) => t(`session.kind.${s.kind}`),
    },
    { title: t('ledger.title'), dataIndex: 'title', search: false },
    {
      title: t('session.firstTopic'),
      dataIndex: 'firstTopic',
      search: false,
      render: (_dom, s) =>
        s.firstTopic === null ? (
          t('common.none')
        ) : s.firstTopic ? (
          <Tag color="success">{t('common.yes')}</Tag>
        ) : (
          <Tag color="error">{t('common.no')}</Tag>
        ),
    },
    {
      title: t('session.lecturer'),
      dataIndex: 'lecturerName',
      search: false,
      render: (_dom, s) => s.lecturerName || t('common.none'),
    },
    {
      title: t('session.attendance'),
      dataIndex: 'present',
      search: false,
      render: (_dom, s) =>
        t('session.attendance.summary', { present: s.present, total: s.attendance.length }),
    },
    attachmentsColumn(),
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_dom, s) =>
        scope.canEdit ? (
          <RowActions
            onEdit={() => setEditing({ session: s })}
            onDelete={() => sessionsApi.remove(s.id)}
            onDeleted={reload}
          />
        ) : null,
    },
  ];

  return (
    <>
      <ProTable<StudySession, Search>
        {...LEDGER_TABLE}
        actionRef={actionRef}
        headerTitle={t('study.tab.sessions')}
        columns={columns}
        onRequestError={onRequestError}
        request={async (params) => {
          const query = { unitId: params.unitId, year: params.year };
          setFilter(query);
          const page = await sessionsApi.list({
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
            base="study-sessions"
            filter={filter}
            canEdit={scope.canEdit}
            createLabel={t('session.create')}
            onCreate={() => setEditing({})}
            importFile={sessionsApi.import}
            onImported={reload}
          />,
        ]}
      />
      <SessionForm
        open={!!editing}
        session={editing?.session}
        scope={scope}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={reload}
      />
    </>
  );
}

interface Values {
  unitId: number;
  kind: SessionKind;
  heldAt: Dayjs | string;
  title: string;
  topics?: string;
  firstTopic?: boolean;
  lecturerId?: number | null;
  lecturerName?: string;
  attendance?: { personId: number; status: AttendanceStatus }[];
  attachmentIds?: number[];
}

function SessionForm(props: {
  open: boolean;
  session?: StudySession;
  scope: Scope;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const { session, scope } = props;
  return (
    <ModalForm<Values>
      key={session?.id ?? 'new'}
      title={session ? t('session.edit') : t('session.create')}
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={720}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        session
          ? {
              ...session,
              heldAt: pickerValue(session.heldAt),
              firstTopic: session.firstTopic ?? false,
              attendance: session.attendance.map(({ personId, status }) => ({ personId, status })),
            }
          : {
              unitId: scope.defaultUnitId,
              kind: 'central-group',
              firstTopic: true,
              attendance: [],
              attachmentIds: [],
            }
      }
      onFinish={async (values) => {
        const body = {
          kind: values.kind,
          heldAt: beijingInstant(values.heldAt),
          title: values.title.trim(),
          topics: values.topics ?? '',
          ...(values.kind === 'party-group' ? { firstTopic: values.firstTopic ?? false } : {}),
          ...(values.kind === 'party-lecture'
            ? {
                lecturerId: values.lecturerId ?? null,
                lecturerName: values.lecturerName?.trim() ?? '',
              }
            : {}),
          attendance: values.attendance ?? [],
          attachmentIds: values.attachmentIds ?? [],
        };
        try {
          if (session) await sessionsApi.update(session.id, body);
          else await sessionsApi.create({ ...body, unitId: values.unitId });
          message.success(t('common.saved'));
          props.onSaved();
          return true;
        } catch (error) {
          message.error(errorMessage(error));
          return false;
        }
      }}
    >
      <ProFormSelect
        name="kind"
        label={t('session.kind')}
        options={kindOptions()}
        rules={[{ required: true, message: t('session.kind.required') }]}
      />
      <ProFormDependency name={['kind']}>
        {({ kind }) => (
          <ProFormTreeSelect
            name="unitId"
            label={t('ledger.unit')}
            disabled={!!session}
            extra={
              BRANCH_SESSION_KINDS.includes(kind as SessionKind)
                ? t('session.unit.hint.branch')
                : t('session.unit.hint.unit')
            }
            rules={[{ required: true, message: t('ledger.unit.required') }]}
            fieldProps={scope.unitPicker}
          />
        )}
      </ProFormDependency>
      <ProFormDateTimePicker
        name="heldAt"
        label={t('ledger.heldAt')}
        fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' } }}
        rules={[{ required: true, message: t('ledger.heldAt.required') }]}
      />
      <ProFormText
        name="title"
        label={t('ledger.title')}
        rules={[{ required: true, message: t('ledger.title.required') }]}
      />
      <ProFormTextArea name="topics" label={t('ledger.topics')} fieldProps={{ rows: 2 }} />
      <ProFormDependency name={['kind', 'unitId']}>
        {({ kind, unitId }) => (
          <KindFields
            scope={scope}
            kind={kind as SessionKind}
            unitId={unitId as number | undefined}
            session={session}
          />
        )}
      </ProFormDependency>
    </ModalForm>
  );
}

function KindFields(props: {
  scope: Scope;
  kind: SessionKind;
  unitId?: number;
  session?: StudySession;
}) {
  const people = useFamilyPeople(props.scope.units, props.unitId);
  const list = people.data ?? [];
  return (
    <>
      {props.kind === 'party-group' && (
        <ProFormSwitch
          name="firstTopic"
          label={t('session.firstTopic')}
          checkedChildren={t('session.firstTopic.yes')}
          unCheckedChildren={t('session.firstTopic.no')}
        />
      )}
      {props.kind === 'party-lecture' && (
        <>
          <ProFormSelect
            name="lecturerId"
            label={t('session.lecturer')}
            extra={t('session.lecturer.hint')}
            showSearch
            allowClear
            options={list.map((p) => ({
              value: p.id,
              label: p.title ? `${p.name}（${p.title}）` : p.name,
            }))}
          />
          <ProFormText name="lecturerName" label={t('session.lecturerName')} />
        </>
      )}
      <ProForm.Item name="attendance" label={t('session.attendance')}>
        <AttendanceEditor people={list} recorded={props.session?.attendance} />
      </ProForm.Item>
      <ProForm.Item name="attachmentIds" label={t('ledger.attachments')}>
        <AttachmentField unitId={props.unitId} />
      </ProForm.Item>
    </>
  );
}
