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
import { App, Button, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';
import { errorMessage } from '../../../api/client.js';
import {
  LETTER_STATUSES,
  type LedgerFilter,
  type Letter,
  type LetterStatus,
  lettersApi,
} from '../../../api/responsibility.js';
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
import { useFamilyPeople, type useLedgerScope } from '../../compliance/shared/useLedgerScope.js';

type Scope = ReturnType<typeof useLedgerScope>;

interface Search extends LedgerFilter {
  status?: LetterStatus;
}

export function LettersTab({ scope }: { scope: Scope }) {
  const { message } = App.useApp();
  const onRequestError = useTableErrors();
  const actionRef = useRef<ActionType>(null);
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [counts, setCounts] = useState<{ signed: number; total: number }>();
  const [editing, setEditing] = useState<{ letter?: Letter }>();
  const [signing, setSigning] = useState<Letter>();
  const reload = () => actionRef.current?.reload();

  const issue = async () => {
    const unitId = filter.unitId ?? scope.defaultUnitId;
    if (!unitId || !filter.year) {
      message.warning(t('letter.issue.needUnit'));
      return;
    }
    try {
      const { issued } = await lettersApi.issue({ unitId, year: filter.year });
      message.success(t('letter.issue.done', { n: issued }));
      reload();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const columns: ProColumns<Letter>[] = [
    unitColumn(scope),
    yearColumn(true),
    {
      title: t('letter.person'),
      dataIndex: 'personName',
      search: false,
      render: (_dom, l) => (l.personTitle ? `${l.personName}（${l.personTitle}）` : l.personName),
    },
    {
      title: t('letter.status'),
      dataIndex: 'status',
      valueType: 'select',
      fieldProps: {
        options: LETTER_STATUSES.map((s) => ({ value: s, label: t(`letter.status.${s}`) })),
      },
      render: (_dom, l) => (
        <Tag color={l.status === 'signed' ? 'success' : 'warning'}>
          {t(`letter.status.${l.status}`)}
        </Tag>
      ),
    },
    { title: t('letter.signedOn'), dataIndex: 'signedOn', search: false },
    attachmentsColumn(t('letter.sign.file')),
    {
      title: t('common.actions'),
      valueType: 'option',
      render: (_dom, l) => (
        <>
          {l.status === 'pending' && (
            <Button type="link" size="small" onClick={() => setSigning(l)}>
              {t('letter.sign')}
            </Button>
          )}
          {scope.canEdit && (
            <RowActions
              onEdit={() => setEditing({ letter: l })}
              onDelete={() => lettersApi.remove(l.id)}
              onDeleted={reload}
            />
          )}
        </>
      ),
    },
  ];

  return (
    <>
      <ProTable<Letter, Search>
        {...LEDGER_TABLE}
        actionRef={actionRef}
        headerTitle={
          counts
            ? `${t('responsibility.tab.letters')}（${t('letter.signedCount', counts)}）`
            : t('responsibility.tab.letters')
        }
        columns={columns}
        onRequestError={onRequestError}
        request={async (params) => {
          const query = { unitId: params.unitId, year: params.year };
          setFilter(query);
          const [page, signed] = await Promise.all([
            lettersApi.list({
              ...query,
              status: params.status,
              page: params.current ?? 1,
              pageSize: params.pageSize ?? 20,
            }),
            lettersApi.list({ ...query, status: 'signed', page: 1, pageSize: 1 }),
          ]);
          const all = params.status
            ? (await lettersApi.list({ ...query, page: 1, pageSize: 1 })).total
            : page.total;
          setCounts({ signed: signed.total, total: all });
          return { data: page.items, total: page.total, success: true };
        }}
        toolBarRender={() => [
          <LedgerToolbar
            key="tools"
            base="responsibility-letters"
            filter={filter}
            canEdit={scope.canEdit}
            createLabel={t('letter.create')}
            onCreate={() => setEditing({})}
            importFile={lettersApi.import}
            onImported={reload}
            extra={
              scope.canEdit ? (
                <Button onClick={() => void issue()}>{t('letter.issue')}</Button>
              ) : undefined
            }
          />,
        ]}
      />
      <LetterForm
        open={!!editing}
        letter={editing?.letter}
        scope={scope}
        onOpenChange={(open) => !open && setEditing(undefined)}
        onSaved={reload}
      />
      <SignForm letter={signing} onClose={() => setSigning(undefined)} onSaved={reload} />
    </>
  );
}

interface LetterValues {
  unitId: number;
  year: number;
  personId: number;
  status: LetterStatus;
  signedOn?: Dayjs | string;
  note?: string;
  attachmentIds?: number[];
}

function LetterForm(props: {
  open: boolean;
  letter?: Letter;
  scope: Scope;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const { letter, scope } = props;
  return (
    <ModalForm<LetterValues>
      key={letter?.id ?? 'new'}
      title={letter ? t('letter.edit') : t('letter.create')}
      open={props.open}
      onOpenChange={props.onOpenChange}
      width={560}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        letter
          ? { ...letter, signedOn: letter.signedOn ?? undefined }
          : {
              unitId: scope.defaultUnitId,
              year: beijingYear(),
              status: 'pending',
              attachmentIds: [],
            }
      }
      onFinish={async (values) => {
        const body = {
          year: values.year,
          personId: values.personId,
          status: values.status,
          signedOn: values.status === 'signed' && values.signedOn ? isoDay(values.signedOn) : null,
          note: values.note?.trim() ?? '',
          attachmentIds: values.attachmentIds ?? [],
        };
        try {
          if (letter) await lettersApi.update(letter.id, body);
          else await lettersApi.create({ ...body, unitId: values.unitId });
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
        disabled={!!letter}
        rules={[{ required: true, message: t('ledger.unit.required') }]}
        fieldProps={scope.unitPicker}
      />
      <ProFormSelect
        name="year"
        label={t('ledger.year')}
        options={yearOptions()}
        rules={[{ required: true, message: t('ledger.year.required') }]}
      />
      <ProFormDependency name={['unitId']}>
        {({ unitId }) => <PersonSelect scope={scope} unitId={unitId as number | undefined} />}
      </ProFormDependency>
      <ProFormSelect
        name="status"
        label={t('letter.status')}
        options={LETTER_STATUSES.map((s) => ({ value: s, label: t(`letter.status.${s}`) }))}
      />
      <ProFormDependency name={['status']}>
        {({ status }) =>
          status === 'signed' ? (
            <ProFormDatePicker
              name="signedOn"
              label={t('letter.signedOn')}
              rules={[{ required: true, message: t('letter.signedOn.required') }]}
            />
          ) : null
        }
      </ProFormDependency>
      <ProFormText name="note" label={t('letter.note')} />
      <ProFormDependency name={['unitId']}>
        {({ unitId }) => (
          <ProForm.Item name="attachmentIds" label={t('letter.sign.file')}>
            <AttachmentField unitId={unitId as number | undefined} />
          </ProForm.Item>
        )}
      </ProFormDependency>
    </ModalForm>
  );
}

function PersonSelect({ scope, unitId }: { scope: Scope; unitId?: number }) {
  const people = useFamilyPeople(scope.units, unitId);
  return (
    <ProFormSelect
      name="personId"
      label={t('letter.person')}
      showSearch
      rules={[{ required: true, message: t('letter.person.required') }]}
      options={(people.data ?? []).map((p) => ({
        value: p.id,
        label: p.title ? `${p.name}（${p.title}）` : p.name,
      }))}
    />
  );
}

/** The leader's (or liaison's) signing: the date and the signed scan. */
function SignForm(props: { letter?: Letter; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const { letter } = props;
  return (
    <ModalForm<{ signedOn: Dayjs | string; attachmentIds?: number[] }>
      key={letter?.id ?? 'none'}
      title={
        letter ? `${t('letter.sign.title')}：${letter.personName}（${letter.year}）` : undefined
      }
      open={!!letter}
      onOpenChange={(open) => !open && props.onClose()}
      width={480}
      modalProps={{ destroyOnHidden: true }}
      initialValues={{ signedOn: dayjs(), attachmentIds: letter?.attachmentIds ?? [] }}
      onFinish={async (values) => {
        if (!letter) return false;
        try {
          await lettersApi.sign(letter.id, {
            signedOn: isoDay(values.signedOn),
            attachmentIds: values.attachmentIds ?? [],
          });
          message.success(t('letter.sign.done'));
          props.onSaved();
          return true;
        } catch (error) {
          message.error(errorMessage(error));
          return false;
        }
      }}
    >
      <ProFormDatePicker
        name="signedOn"
        label={t('letter.signedOn')}
        rules={[{ required: true, message: t('letter.signedOn.required') }]}
      />
      <ProForm.Item name="attachmentIds" label={t('letter.sign.file')}>
        <AttachmentField unitId={letter?.unitId} />
      </ProForm.Item>
    </ModalForm>
  );
}
