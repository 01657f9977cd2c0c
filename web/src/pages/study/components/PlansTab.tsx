import type { ActionType } from '@ant-design/pro-components';
import { useRef } from 'react';
import { plansApi, type StudyPlan } from '../../../api/study.js';
import { attachmentsColumn, unitColumn, yearColumn } from '../../../components/ledger/columns.js';
import {
  AttachmentsField,
  LedgerForm,
  TitleField,
  UnitField,
  useEditor,
  YearField,
} from '../../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../../components/ledger/LedgerTable.js';
import { beijingYear } from '../../../components/ledger/time.js';
import type { LedgerScope } from '../../../components/ledger/useLedgerScope.js';
import { t } from '../../../locale/zh-CN.js';

interface Values extends Record<string, unknown> {
  unitId: number;
  year: number;
  title: string;
  attachmentIds?: number[];
}

export function PlansTab({ scope }: { scope: LedgerScope }) {
  const actionRef = useRef<ActionType>(null);
  const editor = useEditor<StudyPlan>();
  const plan = editor.record;

  return (
    <>
      <LedgerTable<StudyPlan>
        actionRef={actionRef}
        title={t('study.tab.plans')}
        columns={[
          unitColumn(scope),
          yearColumn(true),
          { title: t('ledger.title'), dataIndex: 'title', search: false },
          attachmentsColumn(),
        ]}
        request={plansApi.list}
        excelBase="study-plans"
        create={{ route: 'POST /study-plans', label: t('plan.create'), onClick: editor.create }}
        edit={{ route: 'PATCH /study-plans/:id', onClick: editor.edit }}
        remove={{ route: 'DELETE /study-plans/:id', run: (p) => plansApi.remove(p.id) }}
      />
      <LedgerForm<Values, StudyPlan>
        editor={editor}
        title={{ create: t('plan.create'), edit: t('plan.edit') }}
        initialValues={
          plan
            ? { ...plan }
            : { unitId: scope.defaultUnitId, year: beijingYear(), attachmentIds: [] }
        }
        save={(values) => {
          const body = {
            year: values.year,
            title: values.title.trim(),
            attachmentIds: values.attachmentIds ?? [],
          };
          return plan
            ? plansApi.update(plan.id, body)
            : plansApi.create({ ...body, unitId: values.unitId });
        }}
        onSaved={() => actionRef.current?.reload()}
      >
        <UnitField scope={scope} locked={!!plan} />
        <YearField />
        <TitleField />
        <AttachmentsField />
      </LedgerForm>
    </>
  );
}
