import {
  type ActionType,
  ProFormDatePicker,
  ProFormDependency,
  ProFormSelect,
  ProFormText,
} from '@ant-design/pro-components';
import { App, Button, Drawer, Tag } from 'antd';
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
import { useCan } from '../../../auth/session.js';
import {
  attachmentsColumn,
  enumColumn,
  unitColumn,
  yearColumn,
} from '../../../components/ledger/columns.js';
import { RowLink } from '../../../components/ledger/DeleteAction.js';
import {
  AttachmentsField,
  type Editor,
  LedgerForm,
  PersonField,
  UnitField,
  useEditor,
  YearField,
} from '../../../components/ledger/LedgerForm.js';
import { LedgerTable } from '../../../components/ledger/LedgerTable.js';
import { beijingYear, isoDay } from '../../../components/ledger/time.js';
import type { LedgerScope } from '../../../components/ledger/useLedgerScope.js';
import { Timeline } from '../../../components/Timeline.js';
import { t } from '../../../locale/zh-CN.js';

interface Search extends LedgerFilter {
  status?: LetterStatus;
}

const statusOptions = () =>
  LETTER_STATUSES.map((s) => ({ value: s, label: t(`letter.status.${s}`) }));

export function LettersTab({ scope }: { scope: LedgerScope }) {
  const { message } = App.useApp();
  const can = useCan();
  const actionRef = useRef<ActionType>(null);
  const [filter, setFilter] = useState<LedgerFilter>({});
  const [counts, setCounts] = useState<{ signed: number; total: number }>();
  const editor = useEditor<Letter>();
  const signing = useEditor<Letter>();
  const [history, setHistory] = useState<Letter | null>(null);
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

  return (
    <>
      <LedgerTable<Letter, Search>
        actionRef={actionRef}
        title={
          counts
            ? `${t('responsibility.tab.letters')}（${t('letter.signedCount', counts)}）`
            : t('responsibility.tab.letters')
        }
        columns={[
          unitColumn(scope),
          yearColumn(true),
          {
            title: t('letter.person'),
            dataIndex: 'personName',
            search: false,
            render: (_dom, l) =>
              l.personTitle ? `${l.personName}（${l.personTitle}）` : l.personName,
          },
          enumColumn(t('letter.status'), 'status', statusOptions(), (l) => (
            <Tag color={l.status === 'signed' ? 'success' : 'warning'}>
              {t(`letter.status.${l.status}`)}
            </Tag>
          )),
          { title: t('letter.signedOn'), dataIndex: 'signedOn', search: false },
          attachmentsColumn(t('letter.sign.file')),
        ]}
        request={async (query) => {
          const ledger = { unitId: query.unitId, year: query.year };
          setFilter(ledger);
          // The header counts signed letters among all of the unit's and year's, whatever status
          // the table is filtered to.
          const [page, signed] = await Promise.all([
            lettersApi.list(query),
            lettersApi.list({ ...ledger, status: 'signed', page: 1, pageSize: 1 }),
          ]);
          const all = query.status
            ? (await lettersApi.list({ ...ledger, page: 1, pageSize: 1 })).total
            : page.total;
          setCounts({ signed: signed.total, total: all });
          return page;
        }}
        excelBase="responsibility-letters"
        create={{
          route: 'POST /responsibility-letters',
          label: t('letter.create'),
          onClick: editor.create,
        }}
        toolbarExtra={
          can('POST /responsibility-letters/issue') ? (
            <Button onClick={() => void issue()}>{t('letter.issue')}</Button>
          ) : undefined
        }
        rowExtra={(l) => (
          <>
            {l.allowed.includes('sign') && (
              <RowLink onClick={() => signing.edit(l)}>{t('letter.sign')}</RowLink>
            )}
            <RowLink onClick={() => setHistory(l)}>{t('letter.history')}</RowLink>
          </>
        )}
        edit={{ route: 'PATCH /responsibility-letters/:id', onClick: editor.edit }}
        remove={{
          route: 'DELETE /responsibility-letters/:id',
          run: (l) => lettersApi.remove(l.id),
        }}
      />
      <LetterForm editor={editor} scope={scope} onSaved={reload} />
      <SignForm editor={signing} onSaved={reload} />
      <Drawer
        title={
          history
            ? `${t('letter.history')}：${history.personName}（${history.year}）`
            : t('letter.history')
        }
        open={!!history}
        onClose={() => setHistory(null)}
        width={420}
        destroyOnHidden
      >
        {history && (
          <Timeline
            kind="responsibility-letter"
            id={history.id}
            actionLabels={{ sign: t('letter.action.sign'), reopen: t('letter.action.reopen') }}
            stateLabels={{
              pending: t('letter.status.pending'),
              signed: t('letter.status.signed'),
            }}
          />
        )}
      </Drawer>
    </>
  );
}

interface LetterValues extends Record<string, unknown> {
  unitId: number;
  year: number;
  personId: number;
  status: LetterStatus;
  signedOn?: Dayjs | string;
  note?: string;
  attachmentIds?: number[];
}

function LetterForm(props: { editor: Editor<Letter>; scope: LedgerScope; onSaved: () => void }) {
  const { editor, scope } = props;
  const letter = editor.record;
  return (
    <LedgerForm<LetterValues, Letter>
      editor={editor}
      title={{ create: t('letter.create'), edit: t('letter.edit') }}
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
      save={(values) => {
        const body = {
          year: values.year,
          personId: values.personId,
          status: values.status,
          signedOn: values.status === 'signed' && values.signedOn ? isoDay(values.signedOn) : null,
          note: values.note?.trim() ?? '',
          attachmentIds: values.attachmentIds ?? [],
        };
        return letter
          ? lettersApi.update(letter.id, body)
          : lettersApi.create({ ...body, unitId: values.unitId });
      }}
      onSaved={props.onSaved}
    >
      <UnitField scope={scope} locked={!!letter} />
      <YearField />
      <ProFormDependency name={['unitId']}>
        {({ unitId }) => (
          <PersonField
            scope={scope}
            unitId={unitId as number | undefined}
            name="personId"
            label={t('letter.person')}
            rules={[{ required: true, message: t('letter.person.required') }]}
          />
        )}
      </ProFormDependency>
      <ProFormSelect name="status" label={t('letter.status')} options={statusOptions()} />
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
      <AttachmentsField label={t('letter.sign.file')} />
    </LedgerForm>
  );
}

/** The leader's (or liaison's) signing: the date and the signed scan. */
function SignForm(props: { editor: Editor<Letter>; onSaved: () => void }) {
  const letter = props.editor.record;
  const title = letter ? `${t('letter.sign.title')}：${letter.personName}（${letter.year}）` : '';
  return (
    <LedgerForm<{ signedOn: Dayjs | string; attachmentIds?: number[] }, Letter>
      editor={props.editor}
      title={{ create: title, edit: title }}
      width={480}
      initialValues={{ signedOn: dayjs(), attachmentIds: letter?.attachmentIds ?? [] }}
      save={(values, signed) =>
        lettersApi.sign(signed!.id, {
          signedOn: isoDay(values.signedOn),
          attachmentIds: values.attachmentIds ?? [],
        })
      }
      successMessage={t('letter.sign.done')}
      onSaved={props.onSaved}
    >
      <ProFormDatePicker
        name="signedOn"
        label={t('letter.signedOn')}
        rules={[{ required: true, message: t('letter.signedOn.required') }]}
      />
      <AttachmentsField label={t('letter.sign.file')} unitId={letter?.unitId} />
    </LedgerForm>
  );
}
