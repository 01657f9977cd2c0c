// 报告会/论坛审批: events a unit means to hold, approved before they happen. The list goes by
// status; each row shows only the steps the server lists in `allowed`; a decision takes a reason
// (required to return it); the timeline shows who decided what.
import {
  type ActionType,
  ModalForm,
  PageContainer,
  ProFormDateTimePicker,
  ProFormDependency,
  ProFormDigit,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { App, Drawer, Space, Tabs, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { errorMessage } from '../../api/client.js';
import {
  type Lecture,
  type LectureKind,
  type LectureStatus,
  type LectureStep,
  lectureActionLabels,
  lectureKindLabels,
  lectureKinds,
  lectureStatusLabels,
  lecturesApi,
} from '../../api/lectures.js';
import { positionsApi } from '../../api/positions.js';
import { unitColumn } from '../../components/ledger/columns.js';
import { RowLink } from '../../components/ledger/DeleteAction.js';
import {
  AttachmentsField,
  LedgerForm,
  UnitField,
  useEditor,
} from '../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../components/ledger/LedgerTable.js';
import { beijingInstant, beijingWall, pickerValue } from '../../components/ledger/time.js';
import { useLedgerScope } from '../../components/ledger/useLedgerScope.js';
import { Timeline } from '../../components/Timeline.js';
import { t } from '../../locale/zh-CN.js';

type TabKey = 'all' | 'unapproved' | LectureStatus;

const statusColor: Record<LectureStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  'unit-approved': 'purple',
  approved: 'success',
  returned: 'error',
};

interface Values extends Record<string, unknown> {
  unitId: number;
  kind: LectureKind;
  topic: string;
  speaker: string;
  speakerAffiliation?: string;
  outsideSpeaker?: boolean;
  audience?: string;
  audienceSize?: number;
  startsAt: Dayjs | string;
  place?: string;
  positionId?: number | null;
  attachmentIds?: number[];
}

/** The unit's own lecture and forum series (阵地) an event may belong to. */
async function seriesOf(unitId: number | undefined) {
  if (!unitId) return [];
  const [lectures, forums] = await Promise.all(
    (['lecture', 'forum'] as const).map((kind) =>
      positionsApi.list({ unitId, kind, page: 1, pageSize: 200 }),
    ),
  );
  return [...lectures!.items, ...forums!.items]
    .filter((p) => p.unitId === unitId && p.active)
    .map((p) => ({ value: p.id, label: p.name }));
}

const decisions: LectureStep[] = ['approve', 'forward', 'committee-approve', 'reject'];

export default function LecturesPage() {
  const { message, modal } = App.useApp();
  const scope = useLedgerScope();
  const actionRef = useRef<ActionType>(null);
  const editor = useEditor<Lecture>();
  const [tab, setTab] = useState<TabKey>('all');
  const [deciding, setDeciding] = useState<{ lecture: Lecture; action: LectureStep } | null>(null);
  const [history, setHistory] = useState<Lecture | null>(null);
  const reload = () => actionRef.current?.reload();

  const submit = (l: Lecture) =>
    modal.confirm({
      title: t('lectures.submit.confirm'),
      content: l.outsideSpeaker ? t('lectures.submit.outside') : t('lectures.submit.inside'),
      okText: lectureActionLabels.submit,
      onOk: async () => {
        try {
          await lecturesApi.step(l.id, 'submit');
          message.success(t('lectures.submitted'));
          reload();
        } catch (error) {
          message.error(errorMessage(error));
        }
      },
    });

  return (
    <PageContainer title={t('lectures.title')} content={t('lectures.intro')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          setTab(key as TabKey);
          reload();
        }}
        items={[
          { key: 'all', label: t('lectures.tab.all') },
          ...(['submitted', 'unit-approved', 'approved', 'returned', 'draft'] as const).map(
            (s) => ({ key: s, label: lectureStatusLabels[s] }),
          ),
          { key: 'unapproved', label: t('lectures.tab.unapproved') },
        ]}
      />
      <LedgerTable<Lecture, { unitId?: number }>
        actionRef={actionRef}
        title={t('lectures.list')}
        columns={[
          {
            title: t('lectures.topic'),
            dataIndex: 'topic',
            search: false,
            render: (_d, l) => (
              <Space size={4} wrap>
                <span>{l.topic}</span>
                <Tag>{l.kindLabel}</Tag>
                {l.unapproved && <Tag color="error">{t('lectures.unapproved')}</Tag>}
              </Space>
            ),
          },
          unitColumn(scope),
          {
            title: t('lectures.speaker'),
            dataIndex: 'speaker',
            search: false,
            render: (_d, l) => (
              <Space size={4} wrap>
                <span>
                  {l.speaker}
                  {l.speakerAffiliation ? `（${l.speakerAffiliation}）` : ''}
                </span>
                {l.outsideSpeaker && <Tag color="warning">{t('lectures.outside')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('lectures.startsAt'),
            dataIndex: 'startsAt',
            search: false,
            render: (_d, l) => beijingWall(l.startsAt),
          },
          {
            title: t('lectures.status'),
            dataIndex: 'status',
            search: false,
            render: (_d, l) => (
              <Space direction="vertical" size={0}>
                <Tag color={statusColor[l.status]}>{l.statusLabel}</Tag>
                {l.reason && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {l.reason}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
        ]}
        request={({ unitId, page, pageSize }) =>
          lecturesApi.list({
            unitId,
            page,
            pageSize,
            ...(tab === 'unapproved'
              ? { unapproved: 'true' as const }
              : tab === 'all'
                ? {}
                : { status: tab }),
          })
        }
        create={{
          route: 'POST /lecture-requests',
          label: t('lectures.create'),
          onClick: editor.create,
        }}
        rowExtra={(l) => (
          <>
            {l.allowed.includes('submit') && (
              <RowLink onClick={() => submit(l)}>{lectureActionLabels.submit}</RowLink>
            )}
            {decisions
              .filter((a) => l.allowed.includes(a))
              .map((action) => (
                <RowLink key={action} onClick={() => setDeciding({ lecture: l, action })}>
                  {lectureActionLabels[action]}
                </RowLink>
              ))}
            <RowLink onClick={() => setHistory(l)}>{t('lectures.history')}</RowLink>
          </>
        )}
        edit={{ route: 'PATCH /lecture-requests/:id', onClick: editor.edit }}
      />
      <LedgerForm<Values, Lecture>
        editor={editor}
        title={{ create: t('lectures.create'), edit: t('lectures.edit') }}
        width={560}
        initialValues={
          editor.record
            ? { ...editor.record, startsAt: pickerValue(editor.record.startsAt) }
            : { unitId: scope.defaultUnitId, kind: 'report', outsideSpeaker: false }
        }
        save={(values, record) => {
          const body = {
            kind: values.kind,
            topic: values.topic.trim(),
            speaker: values.speaker.trim(),
            speakerAffiliation: values.speakerAffiliation?.trim() ?? '',
            outsideSpeaker: values.outsideSpeaker ?? false,
            audience: values.audience?.trim() ?? '',
            audienceSize: values.audienceSize ?? 0,
            startsAt: beijingInstant(values.startsAt),
            place: values.place?.trim() ?? '',
            positionId: values.positionId ?? null,
            attachmentIds: values.attachmentIds ?? [],
          };
          return record
            ? lecturesApi.update(record.id, body)
            : lecturesApi.create({ unitId: values.unitId, ...body });
        }}
        onSaved={reload}
      >
        <UnitField scope={scope} locked={!!editor.record} />
        <ProFormSelect
          name="kind"
          label={t('lectures.kind')}
          options={lectureKinds.map((k) => ({ value: k, label: lectureKindLabels[k] }))}
          rules={[{ required: true, message: t('lectures.kind.required') }]}
        />
        <ProFormText
          name="topic"
          label={t('lectures.topic')}
          rules={[{ required: true, message: t('lectures.topic.required') }]}
        />
        <ProFormText
          name="speaker"
          label={t('lectures.speaker')}
          rules={[{ required: true, message: t('lectures.speaker.required') }]}
        />
        <ProFormText name="speakerAffiliation" label={t('lectures.speakerAffiliation')} />
        <ProFormSwitch
          name="outsideSpeaker"
          label={t('lectures.outsideSpeaker')}
          extra={t('lectures.outsideSpeaker.help')}
        />
        <ProFormText name="audience" label={t('lectures.audience')} />
        <ProFormDigit
          name="audienceSize"
          label={t('lectures.audienceSize')}
          min={0}
          max={1_000_000}
          fieldProps={{ precision: 0 }}
        />
        <ProFormDateTimePicker
          name="startsAt"
          label={t('lectures.startsAt')}
          fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' } }}
          rules={[{ required: true, message: t('lectures.startsAt.required') }]}
        />
        <ProFormText name="place" label={t('lectures.place')} />
        <ProFormDependency name={['unitId']}>
          {({ unitId }) => (
            <ProFormSelect
              name="positionId"
              label={t('lectures.position')}
              extra={t('lectures.position.help')}
              allowClear
              params={{ unitId }}
              request={() => seriesOf(unitId as number | undefined)}
            />
          )}
        </ProFormDependency>
        <AttachmentsField label={t('lectures.materials')} unitId={editor.record?.unitId} />
      </LedgerForm>
      <ModalForm<{ reason?: string }>
        key={deciding ? `${deciding.lecture.id}-${deciding.action}` : 'none'}
        title={deciding ? `${lectureActionLabels[deciding.action]}：${deciding.lecture.topic}` : ''}
        open={!!deciding}
        width={480}
        modalProps={{ destroyOnHidden: true, onCancel: () => setDeciding(null) }}
        onFinish={async ({ reason }) => {
          if (!deciding) return true;
          try {
            await lecturesApi.step(deciding.lecture.id, deciding.action, reason?.trim());
            message.success(t('lectures.decided'));
            setDeciding(null);
            reload();
            return true;
          } catch (error) {
            message.error(errorMessage(error));
            return false;
          }
        }}
      >
        <ProFormTextArea
          name="reason"
          label={deciding?.action === 'reject' ? t('lectures.reason.reject') : t('lectures.reason')}
          fieldProps={{ rows: 3, maxLength: 500 }}
          rules={
            deciding?.action === 'reject'
              ? [{ required: true, whitespace: true, message: t('lectures.reason.required') }]
              : []
          }
        />
      </ModalForm>
      <Drawer
        title={history ? `${t('lectures.history')}：${history.topic}` : t('lectures.history')}
        open={!!history}
        onClose={() => setHistory(null)}
        width={Math.min(420, typeof window === 'undefined' ? 420 : window.innerWidth)}
        destroyOnHidden
      >
        {history && (
          <Timeline
            kind="lecture-request"
            id={history.id}
            actionLabels={lectureActionLabels}
            stateLabels={lectureStatusLabels}
          />
        )}
      </Drawer>
    </PageContainer>
  );
}
