import {
  type ActionType,
  ModalForm,
  type ProColumns,
  ProForm,
  ProFormDependency,
  ProFormSelect,
  ProFormText,
  ProFormTreeSelect,
  ProTable,
} from '@ant-design/pro-components';
import { App } from 'antd';
import { useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.js';
import type { LedgerFilter } from '../../../api/responsibility.js';
import { plansApi, type StudyPlan } from '../../../api/study.js';
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
import { beijingYear, yearOptions } from '../../compliance/shared/time.js';
import type { useLedgerScope } from '../../compliance/shared/useLedgerScope.js';

type Scope = ReturnType<typeof useLedgerScope>;

export function PlansTab({ scope }: { scope: Scope }) {
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [editing, setEditing] = useState<{ plan?: StudyPlan }>();
  const reload = () => actionRef.current?.reload();

  const columns: ProColumns<StudyPlan>[] = [
    unitColumn(scope),
    yearColumn(true),
    { title: t('ledger.title'), dataIndex: 'title', search: false },
    attachmentsColumn(),
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_dom, p) =>
        scope.canEdit ? (
          <RowActions
            onEdit={() => setEditing({ plan: p })}
            onDelete={() => plansApi.remove(p.id)}
            onDeleted={reload}
          />
        ) : null,
    },
  ];

  return (
    <>
      <ProTable<StudyPlan, LedgerFilter>
        {...LEDGER_TABLE}
        actionRef={actionRef}
        headerTitle={t('study.tab.plans')}
        columns={columns}
        onRequestError={onRequestError}
        request={async (params) => {
          const query = { unitId: params.unitId, year: params.year };
          setFilter(query);
          const page = await plansApi.list({
            ...query,
            page: params.current ?? 1,
            pageSize: params.pageSize ?? 20,
          });
          return { data: page.items, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <LedgerToolbar
            key="tools"
            base="study-plans"
            filter={filter}
            canEdit={scope.canEdit}
            createLabel={t('plan.create')}
            onCreate={() => setEditing({})}
            importFile={plansApi.import}
            onImported={reload}
          />,
        ]}
      />
      <PlanForm
        open={!!editing}
        plan={editing?.plan}
        scope={scope}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={reload}
      />
    </>
  );
}

function PlanForm(props: {
  open: boolean;
  plan?: StudyPlan;
  scope: Scope;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const { plan, scope } = props;
  return (
    <ModalForm<{ unitId: number; year: number; title: string; attachmentIds?: number[] }>
      key={plan?.id ?? 'new'}
      title={plan ? t('plan.edit') : t('plan.create')}
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={560}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        plan ? { ...plan } : { unitId: scope.defaultUnitId, year: beijingYear(), attachmentIds: [] }
      }
      onFinish={async (values) => {
        const body = {
          year: values.year,
          title: values.title.trim(),
          attachmentIds: values.attachmentIds ?? [],
        };
        try {
          if (plan) await plansApi.update(plan.id, body);
          else await plansApi.create({ ...body, unitId: values.unitId });
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
        disabled={!!plan}
        rules={[{ required: true, message: t('ledger.unit.required') }]}
        fieldProps={scope.unitPicker}
      />
      <ProFormSelect
        name="year"
        label={t('ledger.year')}
        options={yearOptions()}
        rules={[{ required: true, message: t('ledger.year.required') }]}
      />
      <ProFormText
        name="title"
        label={t('ledger.title')}
        rules={[{ required: true, message: t('ledger.title.required') }]}
      />
      <ProFormDependency name={['unitId']}>
        {({ unitId }) => (
          <ProForm.Item name="attachmentIds" label={t('ledger.attachments')}>
            <AttachmentField unitId={unitId as number | undefined} />
          </ProForm.Item>
        )}
      </ProFormDependency>
    </ModalForm>
  );
}
