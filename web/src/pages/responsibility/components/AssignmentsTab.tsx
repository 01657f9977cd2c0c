import type { ActionType } from '@ant-design/pro-components';
import { ProFormDependency, ProFormSelect, ProFormText } from '@ant-design/pro-components';
import { Tag } from 'antd';
import { useRef } from 'react';
import {
  type Assignment,
  assignmentsApi,
  type LedgerFilter,
  RESPONSIBILITY_KINDS,
  type ResponsibilityKind,
} from '../../../api/responsibility.js';
import { enumColumn, unitColumn, yearColumn } from '../../../components/ledger/columns.js';
import {
  LedgerForm,
  PersonField,
  UnitField,
  useEditor,
  YearField,
} from '../../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../../components/ledger/LedgerTable.js';
import { beijingYear } from '../../../components/ledger/time.js';
import type { LedgerScope } from '../../../components/ledger/useLedgerScope.js';
import { t } from '../../../locale/zh-CN.js';

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

interface Values extends Record<string, unknown> {
  unitId: number;
  year: number;
  kind: ResponsibilityKind;
  personId?: number | null;
  holder?: string;
  fields?: string;
}

/** 主体责任 / 第一责任人 / 直接责任 / 一岗双责 with the fields each holder covers. */
export function AssignmentsTab({ scope }: { scope: LedgerScope }) {
  const actionRef = useRef<ActionType>(null);
  const editor = useEditor<Assignment>();
  const assignment = editor.record;

  return (
    <>
      <LedgerTable<Assignment, Search>
        actionRef={actionRef}
        title={t('responsibility.tab.assignments')}
        columns={[
          unitColumn(scope),
          yearColumn(true),
          enumColumn(t('assignment.kind'), 'kind', kindOptions(), (a) => (
            <Tag color={KIND_COLOR[a.kind]}>{t(`assignment.kind.${a.kind}`)}</Tag>
          )),
          {
            title: t('assignment.person'),
            dataIndex: 'personName',
            search: false,
            render: (_dom, a) => a.personName ?? t('common.none'),
          },
          { title: t('assignment.holder'), dataIndex: 'holder', search: false },
          { title: t('assignment.fields'), dataIndex: 'fields', search: false },
        ]}
        request={assignmentsApi.list}
        // Template, export and import appear once the server registers these routes.
        excelBase="responsibility-assignments"
        create={{
          route: 'POST /responsibility-assignments',
          label: t('assignment.create'),
          onClick: editor.create,
        }}
        edit={{ route: 'PATCH /responsibility-assignments/:id', onClick: editor.edit }}
        remove={{
          route: 'DELETE /responsibility-assignments/:id',
          run: (a) => assignmentsApi.remove(a.id),
        }}
      />
      <LedgerForm<Values, Assignment>
        editor={editor}
        title={{ create: t('assignment.create'), edit: t('assignment.edit') }}
        initialValues={
          assignment
            ? { ...assignment }
            : { unitId: scope.defaultUnitId, year: beijingYear(), kind: 'dual' }
        }
        save={(values) => {
          const body = {
            year: values.year,
            kind: values.kind,
            personId: values.personId ?? null,
            holder: values.holder?.trim() ?? '',
            fields: values.fields?.trim() ?? '',
          };
          return assignment
            ? assignmentsApi.update(assignment.id, body)
            : assignmentsApi.create({ ...body, unitId: values.unitId });
        }}
        onSaved={() => actionRef.current?.reload()}
      >
        <UnitField scope={scope} locked={!!assignment} />
        <YearField />
        <ProFormSelect
          name="kind"
          label={t('assignment.kind')}
          options={kindOptions()}
          rules={[{ required: true, message: t('assignment.kind.required') }]}
        />
        <ProFormDependency name={['unitId', 'kind']}>
          {({ unitId, kind }) => (
            // The main responsibility may rest with the party group as a whole: no person.
            <PersonField
              scope={scope}
              unitId={unitId as number | undefined}
              name="personId"
              label={t('assignment.person')}
              extra={kind === 'main' ? t('assignment.person.hint') : undefined}
              allowClear
              rules={
                kind === 'main' ? [] : [{ required: true, message: t('letter.person.required') }]
              }
            />
          )}
        </ProFormDependency>
        <ProFormText name="holder" label={t('assignment.holder')} />
        <ProFormText name="fields" label={t('assignment.fields')} />
      </LedgerForm>
    </>
  );
}
