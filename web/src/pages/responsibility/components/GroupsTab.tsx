import {
  type ActionType,
  ModalForm,
  type ProColumns,
  ProFormDatePicker,
  ProFormDependency,
  ProFormGroup,
  ProFormList,
  ProFormSelect,
  ProFormText,
  ProFormTreeSelect,
  ProTable,
} from '@ant-design/pro-components';
import { App, Button, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.js';
import {
  type LeadingGroup,
  leadingGroupsApi,
  MEMBER_DUTIES,
  type MemberDuty,
} from '../../../api/responsibility.js';
import { useTableErrors } from '../../../components/useTableErrors.js';
import { t } from '../../../locale/zh-CN.js';
import { LEDGER_TABLE } from '../../compliance/shared/columns.js';
import { isoDay } from '../../compliance/shared/time.js';
import { useFamilyPeople, type useLedgerScope } from '../../compliance/shared/useLedgerScope.js';
import { unitNames } from '../../org/unitTree.js';

type Scope = ReturnType<typeof useLedgerScope>;

const DUTY_COLOR: Record<MemberDuty, string> = { leader: 'red', deputy: 'orange', member: 'blue' };

/** Leading groups (one per unit) with their members; "adjust" replaces the member list. */
export function GroupsTab({ scope }: { scope: Scope }) {
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [editing, setEditing] = useState<{ group?: LeadingGroup }>();
  const names = useMemo(() => unitNames(scope.units), [scope.units]);

  const columns: ProColumns<LeadingGroup>[] = [
    {
      title: t('ledger.unit'),
      dataIndex: 'unitId',
      valueType: 'treeSelect',
      fieldProps: { ...scope.unitPicker, allowClear: true },
      render: (_dom, g) => names.get(g.unitId) ?? g.unitId,
    },
    { title: t('group.name'), dataIndex: 'name', search: false },
    { title: t('group.adjustedOn'), dataIndex: 'adjustedOn', search: false },
    {
      title: t('group.members'),
      dataIndex: 'members',
      search: false,
      render: (_dom, g) => (
        <Space size={[0, 4]} wrap style={{ maxWidth: 480 }}>
          {g.members.map((m) => (
            <Tag key={m.id} color={DUTY_COLOR[m.duty]}>
              {m.name}（{m.dutyLabel}）
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_dom, g) =>
        scope.canEdit ? (
          <Button type="link" size="small" onClick={() => setEditing({ group: g })}>
            {t('group.edit')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <ProTable<LeadingGroup, { unitId?: number }>
        {...LEDGER_TABLE}
        actionRef={actionRef}
        headerTitle={t('responsibility.tab.groups')}
        columns={columns}
        onRequestError={onRequestError}
        request={async (params) => {
          const page = await leadingGroupsApi.list({
            unitId: params.unitId,
            page: params.current ?? 1,
            pageSize: params.pageSize ?? 20,
          });
          return { data: page.items, total: page.total, success: true };
        }}
        toolBarRender={() =>
          scope.canEdit
            ? [
                <Button key="create" type="primary" onClick={() => setEditing({})}>
                  {t('group.create')}
                </Button>,
              ]
            : []
        }
      />
      <GroupForm
        open={!!editing}
        group={editing?.group}
        scope={scope}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={() => actionRef.current?.reload()}
      />
    </>
  );
}

interface Values {
  unitId: number;
  name: string;
  adjustedOn?: Dayjs | string;
  note?: string;
  members?: { personId: number; duty: MemberDuty }[];
}

function GroupForm(props: {
  open: boolean;
  group?: LeadingGroup;
  scope: Scope;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const { group, scope } = props;
  return (
    <ModalForm<Values>
      key={group?.id ?? 'new'}
      title={group ? t('group.edit') : t('group.create')}
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={640}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        group
          ? {
              unitId: group.unitId,
              name: group.name,
              adjustedOn: group.adjustedOn ?? undefined,
              note: group.note,
              members: group.members.map((m) => ({ personId: m.personId, duty: m.duty })),
            }
          : { unitId: scope.defaultUnitId, name: '意识形态工作领导小组', members: [] }
      }
      onFinish={async (values) => {
        try {
          await leadingGroupsApi.save({
            unitId: values.unitId,
            name: values.name.trim(),
            adjustedOn: values.adjustedOn ? isoDay(values.adjustedOn) : null,
            note: values.note?.trim() ?? '',
            members: (values.members ?? []).map(({ personId, duty }) => ({ personId, duty })),
          });
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
        disabled={!!group}
        rules={[{ required: true, message: t('ledger.unit.required') }]}
        fieldProps={scope.unitPicker}
      />
      <ProFormText
        name="name"
        label={t('group.name')}
        rules={[{ required: true, message: t('group.name.required') }]}
      />
      <ProFormDatePicker name="adjustedOn" label={t('group.adjustedOn')} />
      <ProFormText name="note" label={t('group.note')} />
      <ProFormDependency name={['unitId']}>
        {({ unitId }) => <MemberList scope={scope} unitId={unitId as number | undefined} />}
      </ProFormDependency>
    </ModalForm>
  );
}

function MemberList({ scope, unitId }: { scope: Scope; unitId?: number }) {
  const people = useFamilyPeople(scope.units, unitId);
  const options = (people.data ?? []).map((p) => ({
    value: p.id,
    label: p.title ? `${p.name}（${p.title}）` : p.name,
  }));
  return (
    <ProFormList
      name="members"
      label={t('group.members')}
      creatorButtonProps={{ creatorButtonText: t('group.members.add') }}
      copyIconProps={false}
    >
      <ProFormGroup>
        <ProFormSelect
          name="personId"
          label={t('group.member')}
          width="md"
          showSearch
          options={options}
          rules={[{ required: true, message: t('group.member.required') }]}
        />
        <ProFormSelect
          name="duty"
          label={t('group.duty')}
          width="xs"
          initialValue="member"
          options={MEMBER_DUTIES.map((d) => ({ value: d, label: t(`group.duty.${d}`) }))}
        />
      </ProFormGroup>
    </ProFormList>
  );
}
