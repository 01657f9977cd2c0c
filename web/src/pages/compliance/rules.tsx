import type { ActionType } from '@ant-design/pro-components';
import {
  ModalForm,
  PageContainer,
  type ProColumns,
  ProFormCheckbox,
  ProFormDatePicker,
  ProFormDependency,
  ProFormDigit,
  ProFormRadio,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProTable,
} from '@ant-design/pro-components';
import { App, Button, Result, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { errorMessage } from '../../api/client.js';
import {
  PERIOD_KINDS,
  type PeriodKind,
  type Requirement,
  type RequirementEntry,
  type RequirementVersion,
  requirementsApi,
} from '../../api/compliance.js';
import { isoDay } from '../../components/ledger/time.js';
import { useLedgerScope } from '../../components/ledger/useLedgerScope.js';
import { useTableErrors } from '../../components/useTableErrors.js';
import { t } from '../../locale/zh-CN.js';
import { type DueWhen, deadlineText, joinOffset, splitOffset } from './components/deadline.js';
import { groupLabel, recordTypeLabel } from './components/status.js';

/** Every record type a rule can count, in Chinese (the code itself stays out of sight). */
const RECORD_TYPES = [
  'meeting:special-study',
  'meeting:analysis',
  'report:yearly',
  'letter:signed',
  'study:central-group',
  'study:party-group',
  'study:talk',
  'training:ideology-staff',
  'branch:member-meeting',
  'branch:committee-meeting',
  'branch:group-meeting',
  'branch:party-lecture',
  'branch:theme-day',
  'branch:life-meeting',
  'activity:*',
] as const;

function recordTypeName(type: string): string {
  return type === 'activity:*' ? t('rules.recordType.allActivities') : recordTypeLabel(type);
}

function recordTypeOptions(current?: string) {
  const types: string[] = [...RECORD_TYPES];
  if (current && !types.includes(current)) types.push(current);
  return types.map((value) => ({ value, label: recordTypeName(value) }));
}

const UNIT_KINDS = ['unit', 'branch', 'department'] as const;

/** The committee's cadence requirements: an edit is a new version in force from a date. */
export default function RulesPage() {
  const scope = useLedgerScope();
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [editing, setEditing] = useState<RequirementEntry>();
  if (scope.me && !scope.isCommittee) {
    return <Result status="403" title={t('rules.committeeOnly')} />;
  }

  const columns: ProColumns<RequirementEntry>[] = [
    { title: t('rules.name'), dataIndex: 'name', fixed: 'left' },
    {
      title: t('rules.group'),
      dataIndex: 'group',
      render: (_d, r) => <Tag>{groupLabel(r.group)}</Tag>,
    },
    {
      title: t('rules.period'),
      key: 'period',
      render: (_d, r) => t(`rules.period.${r.current.period}`),
    },
    {
      title: t('rules.minCount'),
      key: 'minCount',
      render: (_d, r) =>
        r.current.perMember
          ? `${r.current.minCount}（${t('rules.perMember')}）`
          : r.current.minCount,
    },
    {
      title: t('rules.recordType'),
      key: 'recordType',
      render: (_d, r) => recordTypeName(r.current.recordType),
    },
    {
      title: t('rules.deadline'),
      key: 'due',
      render: (_d, r) => deadlineText(r.current.period, r.current.dueOffsetDays),
    },
    { title: t('rules.dueSoonDays'), key: 'soon', render: (_d, r) => r.current.dueSoonDays },
    {
      title: t('rules.unitKinds'),
      key: 'kinds',
      render: (_d, r) =>
        r.current.appliesTo.unitKinds
          ?.map((k) => t(`unit.kind.${k}` as 'unit.kind.unit'))
          .join('、') ?? t('rules.unitKinds.all'),
    },
    {
      title: t('rules.enabled'),
      key: 'enabled',
      render: (_d, r) =>
        r.current.enabled ? (
          <Tag color="success">{t('common.yes')}</Tag>
        ) : (
          <Tag>{t('common.no')}</Tag>
        ),
    },
    {
      title: t('rules.version'),
      key: 'version',
      render: (_d, r) => r.versions.length,
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_d, r) => (
        <Button type="link" size="small" onClick={() => setEditing(r)}>
          {t('rules.edit')}
        </Button>
      ),
    },
  ];

  return (
    <PageContainer title={t('rules.title')}>
      <ProTable<RequirementEntry>
        rowKey="requirementId"
        actionRef={actionRef}
        headerTitle={t('rules.list')}
        columns={columns}
        search={false}
        pagination={false}
        scroll={{ x: 'max-content' }}
        options={{ density: false, setting: false }}
        onRequestError={onRequestError}
        request={async () => {
          const list = await requirementsApi.list();
          return { data: list.items, total: list.total, success: true };
        }}
        expandable={{ expandedRowRender: (r) => <History versions={r.versions} /> }}
      />
      <RuleForm
        entry={editing}
        onClose={() => setEditing(undefined)}
        onSaved={() => actionRef.current?.reload()}
      />
    </PageContainer>
  );
}

function History({ versions }: { versions: RequirementVersion[] }) {
  return (
    <>
      <Typography.Text strong>{t('rules.history')}</Typography.Text>
      <Table<RequirementVersion>
        size="small"
        rowKey="versionId"
        dataSource={[...versions].reverse()}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('rules.version'), dataIndex: 'version' },
          {
            title: t('rules.effectiveFrom'),
            dataIndex: 'effectiveFrom',
            render: (v: string | null) => v ?? t('rules.effectiveFrom.always'),
          },
          { title: t('rules.name'), key: 'name', render: (_v, r) => r.requirement.name },
          {
            title: t('rules.period'),
            key: 'period',
            render: (_v, r) => t(`rules.period.${r.requirement.period}`),
          },
          { title: t('rules.minCount'), key: 'min', render: (_v, r) => r.requirement.minCount },
          {
            title: t('rules.deadline'),
            key: 'due',
            render: (_v, r) => deadlineText(r.requirement.period, r.requirement.dueOffsetDays),
          },
          { title: t('rules.updatedBy'), dataIndex: 'updatedByName' },
          {
            title: t('rules.updatedAt'),
            dataIndex: 'updatedAt',
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
    </>
  );
}

interface RuleValues {
  effectiveFrom: Dayjs | string;
  name: string;
  recordType: string;
  period: PeriodKind;
  minCount: number;
  perMember?: boolean;
  dueWhen: DueWhen;
  dueDays?: number;
  dueSoonDays: number;
  unitKinds?: string[];
  enabled: boolean;
}

function RuleForm({
  entry,
  onClose,
  onSaved,
}: {
  entry?: RequirementEntry;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const current = entry?.current;
  return (
    <ModalForm<RuleValues>
      key={entry?.versionId ?? 'none'}
      title={current ? `${t('rules.edit')}：${current.name}` : ''}
      open={!!entry}
      onOpenChange={(open) => !open && onClose()}
      width={600}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        current
          ? {
              effectiveFrom: dayjs(),
              name: current.name,
              recordType: current.recordType,
              period: current.period,
              minCount: current.minCount,
              perMember: current.perMember ?? false,
              ...splitOffset(current.dueOffsetDays),
              dueSoonDays: current.dueSoonDays,
              unitKinds: current.appliesTo.unitKinds ?? [],
              enabled: current.enabled,
            }
          : undefined
      }
      onFinish={async (values) => {
        if (!entry || !current) return false;
        const { id: _id, effectiveFrom: _from, ...rest } = current;
        const requirement: Omit<Requirement, 'id'> = {
          ...rest,
          name: values.name.trim(),
          recordType: values.recordType.trim(),
          period: values.period,
          minCount: values.minCount,
          dueOffsetDays: joinOffset(values.dueWhen, values.dueDays),
          dueSoonDays: values.dueSoonDays,
          enabled: values.enabled,
          appliesTo: {
            ...current.appliesTo,
            unitKinds: values.unitKinds?.length ? values.unitKinds : undefined,
          },
          ...(rest.kind === 'all-must-match' ? {} : { perMember: values.perMember ?? false }),
        };
        try {
          const saved = await requirementsApi.edit(entry.versionId, {
            effectiveFrom: isoDay(values.effectiveFrom),
            requirement,
          });
          const version = saved.versions[saved.versions.length - 1]?.version ?? '';
          message.success(t('rules.saved', { version }));
          onSaved();
          return true;
        } catch (error) {
          message.error(errorMessage(error));
          return false;
        }
      }}
    >
      <ProFormDatePicker
        name="effectiveFrom"
        label={t('rules.effectiveFrom')}
        extra={t('rules.effectiveFrom.hint')}
        rules={[{ required: true, message: t('rules.effectiveFrom.required') }]}
      />
      <ProFormText name="name" label={t('rules.name')} rules={[{ required: true }]} />
      <ProFormSelect
        name="recordType"
        label={t('rules.recordType')}
        options={recordTypeOptions(current?.recordType)}
        rules={[{ required: true, message: t('rules.recordType.required') }]}
      />
      <ProFormSelect
        name="period"
        label={t('rules.period')}
        options={PERIOD_KINDS.map((p) => ({ value: p, label: t(`rules.period.${p}`) }))}
      />
      <ProFormDigit
        name="minCount"
        label={t('rules.minCount')}
        min={0}
        max={1000}
        fieldProps={{ precision: 0 }}
        rules={[
          { required: true, message: t('rules.minCount.required') },
          // A counting rule asking for 0 is always met; the server refuses it too.
          ...(current?.kind === 'all-must-match'
            ? []
            : [{ type: 'number' as const, min: 1, message: t('rules.minCount.min') }]),
        ]}
      />
      {current?.kind !== 'all-must-match' && (
        <ProFormSwitch name="perMember" label={t('rules.perMember')} />
      )}
      <ProFormRadio.Group
        name="dueWhen"
        label={t('rules.deadline')}
        options={(['end', 'after', 'before'] as const).map((w) => ({
          value: w,
          label: t(`rules.dueWhen.${w}`),
        }))}
      />
      <ProFormDependency name={['dueWhen', 'dueDays', 'period']}>
        {({ dueWhen, dueDays, period }) => (
          <>
            {dueWhen !== 'end' && (
              <ProFormDigit
                name="dueDays"
                label={t('rules.dueDays')}
                min={1}
                max={dueWhen === 'after' ? 366 : 364}
                fieldProps={{ precision: 0, addonAfter: t('rules.days') }}
                rules={[{ required: true, message: t('rules.dueDays.required') }]}
              />
            )}
            <Typography.Paragraph type="secondary" data-testid="deadline-preview">
              {t('rules.deadline.preview', {
                text: deadlineText(
                  (period as PeriodKind) ?? 'year',
                  joinOffset((dueWhen as DueWhen) ?? 'end', dueDays as number | undefined),
                ),
              })}
            </Typography.Paragraph>
          </>
        )}
      </ProFormDependency>
      <ProFormDigit
        name="dueSoonDays"
        label={t('rules.dueSoonDays')}
        min={0}
        max={90}
        fieldProps={{ precision: 0 }}
      />
      <ProFormCheckbox.Group
        name="unitKinds"
        label={t('rules.unitKinds')}
        extra={t('rules.unitKinds.hint')}
        options={UNIT_KINDS.map((k) => ({ value: k, label: t(`unit.kind.${k}`) }))}
      />
      <ProFormSwitch name="enabled" label={t('rules.enabled')} />
    </ModalForm>
  );
}
