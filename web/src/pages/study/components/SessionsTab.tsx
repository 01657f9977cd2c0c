import {
  type ActionType,
  ProForm,
  ProFormDependency,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import type { LedgerFilter } from '../../../api/responsibility.js';
import {
  type AttendanceStatus,
  BRANCH_SESSION_KINDS,
  SESSION_KINDS,
  type SessionKind,
  type StudySession,
  sessionsApi,
} from '../../../api/study.js';
import {
  attachmentsColumn,
  enumColumn,
  unitColumn,
  yearColumn,
} from '../../../components/ledger/columns.js';
import {
  AttachmentsField,
  HeldAtField,
  LedgerForm,
  TitleField,
  UnitField,
  useEditor,
} from '../../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../../components/ledger/LedgerTable.js';
import { beijingInstant, beijingWall, pickerValue } from '../../../components/ledger/time.js';
import {
  type LedgerScope,
  personLabel,
  useFamilyPeople,
} from '../../../components/ledger/useLedgerScope.js';
import { t } from '../../../locale/zh-CN.js';
import { AttendanceEditor } from './AttendanceEditor.js';

const kindOptions = () => SESSION_KINDS.map((k) => ({ value: k, label: t(`session.kind.${k}`) }));

interface Search extends LedgerFilter {
  kind?: SessionKind;
}

interface Values extends Record<string, unknown> {
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

export function SessionsTab({ scope }: { scope: LedgerScope }) {
  const actionRef = useRef<ActionType>(null);
  const editor = useEditor<StudySession>();
  const session = editor.record;

  return (
    <>
      <LedgerTable<StudySession, Search>
        actionRef={actionRef}
        title={t('study.tab.sessions')}
        columns={[
          {
            title: t('ledger.heldAt'),
            dataIndex: 'heldAt',
            search: false,
            render: (_dom, s) => beijingWall(s.heldAt),
          },
          unitColumn(scope),
          yearColumn(),
          enumColumn(t('session.kind'), 'kind', kindOptions(), (s) => t(`session.kind.${s.kind}`)),
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
        ]}
        request={sessionsApi.list}
        excelBase="study-sessions"
        create={{
          route: 'POST /study-sessions',
          label: t('session.create'),
          onClick: editor.create,
        }}
        edit={{ route: 'PATCH /study-sessions/:id', onClick: editor.edit }}
        remove={{ route: 'DELETE /study-sessions/:id', run: (s) => sessionsApi.remove(s.id) }}
      />
      <LedgerForm<Values, StudySession>
        editor={editor}
        title={{ create: t('session.create'), edit: t('session.edit') }}
        width={720}
        initialValues={
          session
            ? {
                ...session,
                heldAt: pickerValue(session.heldAt),
                firstTopic: session.firstTopic ?? false,
                attendance: session.attendance.map(({ personId, status }) => ({
                  personId,
                  status,
                })),
              }
            : {
                unitId: scope.defaultUnitId,
                kind: 'central-group',
                firstTopic: true,
                attendance: [],
                attachmentIds: [],
              }
        }
        save={(values) => {
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
          return session
            ? sessionsApi.update(session.id, body)
            : sessionsApi.create({ ...body, unitId: values.unitId });
        }}
        onSaved={() => actionRef.current?.reload()}
      >
        <ProFormSelect
          name="kind"
          label={t('session.kind')}
          options={kindOptions()}
          rules={[{ required: true, message: t('session.kind.required') }]}
        />
        <ProFormDependency name={['kind']}>
          {({ kind }) => (
            <UnitField
              scope={scope}
              locked={!!session}
              extra={
                BRANCH_SESSION_KINDS.includes(kind as SessionKind)
                  ? t('session.unit.hint.branch')
                  : t('session.unit.hint.unit')
              }
            />
          )}
        </ProFormDependency>
        <HeldAtField />
        <TitleField />
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
      </LedgerForm>
    </>
  );
}

function KindFields(props: {
  scope: LedgerScope;
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
            options={list.map((p) => ({ value: p.id, label: personLabel(p) }))}
          />
          <ProFormText name="lecturerName" label={t('session.lecturerName')} />
        </>
      )}
      <ProForm.Item name="attendance" label={t('session.attendance')}>
        <AttendanceEditor people={list} recorded={props.session?.attendance} />
      </ProForm.Item>
      <AttachmentsField unitId={props.unitId} />
    </>
  );
}
