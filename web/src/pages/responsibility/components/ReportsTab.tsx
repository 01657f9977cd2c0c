import {
  type ActionType,
  ModalForm,
  type ProColumns,
  ProForm,
  ProFormDatePicker,
  ProFormDependency,
  ProFormSelect,
  ProFormText,
  ProFormTreeSelect,
  ProTable,
} from '@ant-design/pro-components';
import { App } from 'antd';
import type { Dayjs } from 'dayjs';
import { useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.js';
import { type LedgerFilter, reportsApi, type YearlyReport } from '../../../api/responsibility.js';
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
import { beijingYear, isoDay, yearOptions } from '../../compliance/shared/time.js';
import type { useLedgerScope } from '../../compliance/shared/useLedgerScope.js';

type Scope = ReturnType<typeof useLedgerScope>;

export function ReportsTab({ scope }: { scope: Scope }) {
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [editing, setEditing] = useState<{ report?: YearlyReport }>();
  const reload = () => actionRef.current?.reload();

  const columns: ProColumns<YearlyReport>[] = [
    unitColumn(scope),
    { ...yearColumn(true), title: t('report.year') },
    { title: t('ledger.title'), dataIndex: 'title', search: false },
    { title: t('report.submittedOn'), dataIndex: 'submittedOn', search: false },
    attachmentsColumn(),
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_dom, r) =>
        scope.canEdit ? (
          <RowActions
            onEdit={() => setEditing({ report: r })}
            onDelete={() => reportsApi.remove(r.id)}
            onDeleted={reload}
          />
        ) : null,
    },
  ];

  return (
    <>
      <ProTable<YearlyReport, LedgerFilter>
        {...LEDGER_TABLE}
        actionRef={actionRef}
        headerTitle={t('responsibility.tab.reports')}
        columns={columns}
        onRequestError={onRequestError}
        request={async (params) => {
          const query = { unitId: params.unitId, year: params.year };
          setFilter(query);
          const page = await reportsApi.list({
            ...query,
            page: params.current ?? 1,
            pageSize: params.pageSize ?? 20,
          });
          return { data: page.items, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <LedgerToolbar
            key="tools"
            base="yearly-reports"
            filter={filter}
            canEdit={scope.canEdit}
            createLabel={t('report.create')}
            onCreate={() => setEditing({})}
            importFile={reportsApi.import}
            onImported={reload}
          />,
        ]}
      />
      <ReportForm
        open={!!editing}
        report={editing?.report}
        scope={scope}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={reload}
      />
    </>
  );
}

interface Values {
  unitId: number;
  year: number;
  title?: string;
  submittedOn: Dayjs | string;
  attachmentIds?: number[];
}

function ReportForm(props: {
  open: boolean;
  report?: YearlyReport;
  scope: Scope;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const { report, scope } = props;
  return (
    <ModalForm<Values>
      key={report?.id ?? 'new'}
      title={report ? t('report.edit') : t('report.create')}
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={560}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        report
          ? { ...report }
          : { unitId: scope.defaultUnitId, year: beijingYear() - 1, attachmentIds: [] }
      }
      onFinish={async (values) => {
        const body = {
          year: values.year,
          title: values.title?.trim() ?? '',
          submittedOn: isoDay(values.submittedOn),
          attachmentIds: values.attachmentIds ?? [],
        };
        try {
          if (report) await reportsApi.update(report.id, body);
          else await reportsApi.create({ ...body, unitId: values.unitId });
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
        disabled={!!report}
        rules={[{ required: true, message: t('ledger.unit.required') }]}
        fieldProps={scope.unitPicker}
      />
      <ProFormSelect
        name="year"
        label={t('report.year')}
        options={yearOptions()}
        rules={[{ required: true, message: t('ledger.year.required') }]}
      />
      <ProFormText name="title" label={t('ledger.title')} />
      <ProFormDatePicker
        name="submittedOn"
        label={t('report.submittedOn')}
        rules={[{ required: true, message: t('report.submittedOn.required') }]}
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
