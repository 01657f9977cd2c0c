import {
  type ActionType,
  ProFormDatePicker,
  ProFormDependency,
  ProFormGroup,
  ProFormList,
  ProFormSelect,
  ProFormText,
} from '@ant-design/pro-components';
import { Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useRef } from 'react';
import {
  type LeadingGroup,
  leadingGroupsApi,
  MEMBER_DUTIES,
  type MemberDuty,
} from '../../../api/responsibility.js';
import { unitColumn } from '../../../components/ledger/columns.js';
import { LedgerForm, UnitField, useEditor } from '../../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../../components/ledger/LedgerTable.js';
import { isoDay } from '../../../components/ledger/time.js';
import {
  type LedgerScope,
  personLabel,
  useFamilyPeople,
} from '../../../components/ledger/useLedgerScope.js';
import { t } from '../../../locale/zh-CN.js';
import { unitNames } from '../../org/unitTree.js';

const DUTY_COLOR: Record<MemberDuty, string> = { leader: 'red', deputy: 'orange', member: 'blue' };

interface Values extends Record<string, unknown> {
  unitId: number;
  name: string;
  adjustedOn?: Dayjs | string;
  note?: string;
  members?: { personId: number; duty: MemberDuty }[];
}

/** Leading groups (one per unit) with their members; "adjust" replaces the member list. */
export function GroupsTab({ scope }: { scope: LedgerScope }) {
  const actionRef = useRef<ActionType>(null);
  const editor = useEditor<LeadingGroup>();
  const names = useMemo(() => unitNames(scope.units), [scope.units]);
  const group = editor.record;

  return (
    <>
      <LedgerTable<LeadingGroup, { unitId?: number }>
        actionRef={actionRef}
        title={t('responsibility.tab.groups')}
        columns={[
          unitColumn(scope, (g) => names.get(g.unitId) ?? g.unitId),
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
        ]}
        request={leadingGroupsApi.list}
        // Members are the Excel ledger; its buttons appear once the server registers the routes.
        excelBase="leading-group-members"
        create={{ route: 'PUT /leading-groups', label: t('group.create'), onClick: editor.create }}
        edit={{ route: 'PUT /leading-groups', label: t('group.edit'), onClick: editor.edit }}
      />
      <LedgerForm<Values, LeadingGroup>
        editor={editor}
        title={{ create: t('group.create'), edit: t('group.edit') }}
        width={640}
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
        save={(values) =>
          leadingGroupsApi.save({
            unitId: values.unitId,
            name: values.name.trim(),
            adjustedOn: values.adjustedOn ? isoDay(values.adjustedOn) : null,
            note: values.note?.trim() ?? '',
            members: (values.members ?? []).map(({ personId, duty }) => ({ personId, duty })),
          })
        }
        onSaved={() => actionRef.current?.reload()}
      >
        <UnitField scope={scope} locked={!!group} />
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
      </LedgerForm>
    </>
  );
}

function MemberList({ scope, unitId }: { scope: LedgerScope; unitId?: number }) {
  const people = useFamilyPeople(scope.units, unitId);
  const options = (people.data ?? []).map((p) => ({ value: p.id, label: personLabel(p) }));
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
