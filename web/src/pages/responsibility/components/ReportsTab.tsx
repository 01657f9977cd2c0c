import type { ActionType } from '@ant-design/pro-components';
import { ProFormDatePicker, ProFormText } from '@ant-design/pro-components';
import type { Dayjs } from 'dayjs';
import { useRef } from 'react';
import { reportsApi, type YearlyReport } from '../../../api/responsibility.js';
import { attachmentsColumn, unitColumn, yearColumn } from '../../../components/ledger/columns.js';
import {
  AttachmentsField,
  LedgerForm,
  UnitField,
  useEditor,
  YearField,
} from '../../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../../components/ledger/LedgerTable.js';
import { beijingYear, isoDay } from '../../../components/ledger/time.js';
import type { LedgerScope } from '../../../components/ledger/useLedgerScope.js';
import { t } from '../../../locale/zh-CN.js';

interface Values extends Record<string, unknown> {
  unitId: number;
  year: number;
  title?: string;
  submittedOn: Dayjs | string;
  attachmentIds?: number[];
}

export function ReportsTab({ scope }: { scope: LedgerScope }) {
  const actionRef = useRef<ActionType>(null);
  const editor = useEditor<YearlyReport>();
  const reload = () => actionRef.current?.reload();

  return (
    <>
      <LedgerTable<YearlyReport>
        actionRef={actionRef}
        title={t('responsibility.tab.reports')}
        columns={[
          unitColumn(scope),
          yearColumn(true, t('report.year')),
          { title: t('ledger.title'), dataIndex: 'title', search: false },
          { title: t('report.submittedOn'), dataIndex: 'submittedOn', search: false },
          attachmentsColumn(),
        ]}
        request={reportsApi.list}
        excelBase="yearly-reports"
        create={{
          route: 'POST /yearly-reports',
          label: t('report.create'),
          onClick: editor.create,
        }}
        edit={{ route: 'PATCH /yearly-reports/:id', onClick: editor.edit }}
        remove={{ route: 'DELETE /yearly-reports/:id', run: (r) => reportsApi.remove(r.id) }}
      />
      <LedgerForm<Values, YearlyReport>
        editor={editor}
        title={{ create: t('report.create'), edit: t('report.edit') }}
        initialValues={
          editor.record
            ? { ...editor.record }
            : { unitId: scope.defaultUnitId, year: beijingYear() - 1, attachmentIds: [] }
        }
        save={(values, report) => {
          const body = {
            year: values.year,
            title: values.title?.trim() ?? '',
            submittedOn: isoDay(values.submittedOn),
            attachmentIds: values.attachmentIds ?? [],
          };
          return report
            ? reportsApi.update(report.id, body)
            : reportsApi.create({ ...body, unitId: values.unitId });
        }}
        onSaved={reload}
      >
        <UnitField scope={scope} locked={!!editor.record} />
        <YearField label={t('report.year')} />
        <ProFormText name="title" label={t('ledger.title')} />
        <ProFormDatePicker
          name="submittedOn"
          label={t('report.submittedOn')}
          rules={[{ required: true, message: t('report.submittedOn.required') }]}
        />
        <AttachmentsField />
      </LedgerForm>
    </>
  );
}
