import { PlusOutlined } from '@ant-design/icons';
import {
  type ActionType,
  ModalForm,
  type ProColumns,
  ProFormDependency,
  ProFormSelect,
  ProFormText,
  ProFormTreeSelect,
  ProTable,
} from '@ant-design/pro-components';
import { App, Button, Tag } from 'antd';
import { useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.js';
import {
  type Assignment,
  assignmentsApi,
  type LedgerFilter,
  RESPONSIBILITY_KINDS,
  type ResponsibilityKind,
} from '../../../api/responsibility.js';
import { useTableErrors } from '../../../components/useTableErrors.js';
import { t } from '../../../locale/zh-CN.js';
import {
  LEDGER_TABLE,
  RowActions,
  unitColumn,
  yearColumn,
} from '../../compliance/shared/columns.js';
import { beijingYear, yearOptions } from '../../compliance/shared/time.js';
import { useFamilyPeople, type useLedgerScope } from '../../compliance/shared/useLedgerScope.js';

type Scope = ReturnType<typeof useLedgerScope>;

const KIND_COLOR: Record<ResponsibilityKind, string> = {
  main: 'red',
  first: 'volcano',
  direct: 'orange',
  dual: 'blue',
};
const kindOptions = () =>
  RESPONSIBILITY_KINDS.map((k) => ({ value: k, label: t(`assignment.kind.${k}`) }));

interface Search extends LedgerFilter {
  kind?: ResponsibilityKind;
}

/** 主体责任 / 第一责任人 / 直接责任 / 一岗双责 with the fields each holder covers. */
export function AssignmentsTab({ scope }: { scope: Scope }) {
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [editing, setEditing] = useState<{ assignment?: Assignment }>();
  const reload = () => actionRef.current?.reload();

  const columns: ProColumns<Assignment>[] = [
    unitColumn(scope),
    yearColumn(true),
    {
      title: t('assignment.kind'),
      dataIndex: 'kind',
      valueType: 'select',
      fieldProps: { options: kindOptions() },
      render: (_dom, a) => <Tag color={KIND_COLOR[a.kind]}>{t(`assignment.kind.${a.kind}`)}</Tag>,
    },
    {
      title: t('assignment.person'),
      dataIndex: 'personName',
      search: false,
      render: (_dom, a) => a.personName ?? t('common.none'),
    },
    { title: t('assignment.holder'), dataIndex: 'holder', search: false },
    { title: t('assignment.fields'), dataIndex: 'fields', search: false },
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_dom, a) =>
        scope.canEdit ? (
          <RowActions
            onEdit={() => setEditing({ assignment: a })}
            onDelete={() => assignmentsApi.remove(a.id)}
            onDeleted={reload}
          />
        ) : null,
    },
  ];

  return (
    <>
      <ProTable<Assignment, Search>
        {...LEDGER_TABLE}
        actionRef={actionRef}
        headerTitle={t('responsibility.tab.assignments')}
        columns={columns}
        onRequestError={onRequestError}
        request={async (params) => {
          const page = await assignmentsApi.list({
            unitId: params.unitId,
            year: params.year,
            kind: params.kind,
            page: params.current ?? 1,
            pageSize: params.pageSize ?? 20,
          });
          return { data: page.items, total: page.total, success: true };
        }}
        toolBarRender={() =>
          scope.canEdit ? [<RowCreate key="create" onClick={() => setEditing({})} />] : []
        }
      />
      <AssignmentForm
        open={!!editing}
        assignment={editing?.assignment}
        scope={scope}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={reload}
      />
    </>
  );
}

function RowCreate({ onClick }: { onClick: () => void }) {
  return (
    <Button type="primary" icon={<PlusOutlined />} onClick={onClick}>
      {t('assignment.create')}
    </Button>
  );
}

interface Values {
  unitId: number;
  year: number;
  kind: ResponsibilityKind;
  personId?: number | null;
  holder?: string;
  fields?: string;
}

function AssignmentForm(props: {
  open: boolean;
  assignment?: Assignment;
  scope: Scope;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const { assignment, scope } = props;
  return (
    <ModalForm<Values>
      key={assignment?.id ?? 'new'}
      title={assignment ? t('assignment.edit') : t('assignment.create')}
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={560}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        assignment
          ? { ...assignment }
          : { unitId: scope.defaultUnitId, year: beijingYear(), kind: 'dual' }
      }
      onFinish={async (values) => {
        const body = {
          year: values.year,
          kind: values.kind,
          personId: values.personId ?? null,
          holder: values.holder?.trim() ?? '',
          fields: values.fields?.trim() ?? '',
        };
        try {
          if (assignment) await assignmentsApi.update(assignment.id, body);
          else await assignmentsApi.create({ ...body, unitId: values.unitId });
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
        disabled={!!assignment}
        rules={[{ required: true, message: t('ledger.unit.required') }]}
        fieldProps={scope.unitPicker}
      />
      <ProFormSelect
        name="year"
        label={t('ledger.year')}
        options={yearOptions()}
        rules={[{ required: true, message: t('ledger.year.required') }]}
      />
      <ProFormSelect
        name="kind"
        label={t('assignment.kind')}
        options={kindOptions()}
        rules={[{ required: true, message: t('assignment.kind.required') }]}
      />
      <ProFormDependency name={['unitId', 'kind']}>
        {({ unitId, kind }) => (
          <HolderSelect
            scope={scope}
            unitId={unitId as number | undefined}
            main={kind === 'main'}
          />
        )}
      </ProFormDependency>
      <ProFormText name="holder" label={t('assignment.holder')} />
      <ProFormText name="fields" label={t('assignment.fields')} />
    </ModalForm>
  );
}

function HolderSelect({ scope, unitId, main }: { scope: Scope; unitId?: number; main: boolean }) {
  const people = useFamilyPeople(scope.units, unitId);
  return (
    <ProFormSelect
      name="personId"
      label={t('assignment.person')}
      extra={main ? t('assignment.person.hint') : undefined}
      showSearch
      allowClear
      rules={main ? [] : [{ required: true, message: t('letter.person.required') }]}
      options={(people.data ?? []).map((p) => ({
        value: p.id,
        label: p.title ? `${p.name}（${p.title}）` : p.name,
      }))}
    />
  );
}
