import {
  ModalForm,
  ProFormDependency,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTextArea,
} from '@ant-design/pro-components';
import { App, Form } from 'antd';
import { ApiError, errorMessage } from '../../../api/client.js';
import {
  type DictionaryEntry,
  type DictionaryEntryFields,
  dictionaryApi,
  ENTRY_KINDS,
  type EntryKind,
} from '../../../api/proofread.js';
import { type MessageId, t } from '../../../locale/zh-CN.js';

interface Props {
  open: boolean;
  /** The entry being edited; absent when adding. */
  entry?: DictionaryEntry;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}

interface EntryFormValues extends DictionaryEntryFields {
  id?: string;
  enabled: boolean;
}

const LIST_FIELDS = ['knownWrong', 'alsoValid', 'members', 'verbs', 'exceptions'] as const;

export const kindOptions = ENTRY_KINDS.map((kind) => ({
  value: kind,
  label: t(`dictionary.kind.${kind}` as MessageId),
}));

/** Lists typed as tags: trimmed, without blanks or repeats. */
function cleanList(values: string[] | undefined): string[] {
  return [...new Set((values ?? []).map((v) => v.trim()).filter(Boolean))];
}

function toFields(values: EntryFormValues): DictionaryEntryFields {
  const numbered = values.kind === 'numbered';
  return {
    kind: values.kind,
    canonical: values.canonical.trim(),
    knownWrong: cleanList(values.knownWrong),
    alsoValid: cleanList(values.alsoValid),
    // Members and verbs belong to numbered formulations only; exceptions to typos only.
    members: numbered ? cleanList(values.members) : [],
    verbs: numbered ? cleanList(values.verbs) : [],
    exceptions: values.kind === 'typo' ? cleanList(values.exceptions) : [],
    note: values.note?.trim() ?? '',
  };
}

function tagSelect(name: (typeof LIST_FIELDS)[number], label: MessageId, hint?: MessageId) {
  return (
    <ProFormSelect
      name={name}
      label={t(label)}
      tooltip={hint ? t(hint) : undefined}
      placeholder={t('dictionary.knownWrong.hint')}
      fieldProps={{ mode: 'tags', open: false, tokenSeparators: ['，', ',', '、', '\n'] }}
    />
  );
}

export function EntryForm({ open, entry, onOpenChange, onSaved }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryFormValues>();

  return (
    <ModalForm<EntryFormValues>
      key={entry?.id ?? 'new'}
      form={form}
      title={entry ? t('dictionary.edit') : t('dictionary.create')}
      open={open}
      onOpenChange={onOpenChange}
      width={600}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        entry
          ? { ...entry }
          : {
              kind: 'formulation' satisfies EntryKind,
              enabled: true,
              knownWrong: [],
              alsoValid: [],
              members: [],
              verbs: [],
              exceptions: [],
            }
      }
      onFinish={async (values) => {
        try {
          const fields = toFields(values);
          if (entry) {
            await dictionaryApi.update(entry.id, { ...fields, enabled: values.enabled });
          } else {
            await dictionaryApi.create({
              ...fields,
              enabled: values.enabled,
              ...(values.id?.trim() ? { id: values.id.trim() } : {}),
            });
          }
          message.success(t('common.saved'));
          onSaved();
          return true;
        } catch (error) {
          // The server names the field it refuses (e.g. knownWrong.0): mark it in the form too.
          if (error instanceof ApiError && error.field) {
            const name = error.field.split('.')[0] as keyof EntryFormValues;
            if (form.getFieldInstance(name) !== undefined || name in form.getFieldsValue(true)) {
              form.setFields([{ name, errors: [error.message] }]);
            }
          }
          message.error(errorMessage(error));
          return false;
        }
      }}
    >
      <ProFormSelect
        name="kind"
        label={t('dictionary.kind')}
        options={kindOptions}
        allowClear={false}
        rules={[{ required: true, message: t('dictionary.kind.required') }]}
      />
      <ProFormDependency name={['kind']}>
        {({ kind }) => (
          <>
            <ProFormText
              name="canonical"
              label={t(kind === 'typo' ? 'dictionary.canonical.typo' : 'dictionary.canonical')}
              rules={[
                { required: true, whitespace: true, message: t('dictionary.canonical.required') },
              ]}
              fieldProps={{ maxLength: 60 }}
            />
            <ProFormSelect
              name="knownWrong"
              label={t('dictionary.knownWrong')}
              placeholder={t('dictionary.knownWrong.hint')}
              rules={
                kind === 'typo'
                  ? [
                      {
                        required: true,
                        type: 'array',
                        min: 1,
                        message: t('dictionary.knownWrong.required'),
                      },
                    ]
                  : []
              }
              fieldProps={{ mode: 'tags', open: false, tokenSeparators: ['，', ',', '、'] }}
            />
            {kind === 'numbered' ? (
              <>
                {tagSelect('members', 'dictionary.members', 'dictionary.members.hint')}
                {tagSelect('verbs', 'dictionary.verbs', 'dictionary.verbs.hint')}
              </>
            ) : null}
            {kind === 'typo'
              ? tagSelect('exceptions', 'dictionary.exceptions', 'dictionary.exceptions.hint')
              : tagSelect('alsoValid', 'dictionary.alsoValid')}
          </>
        )}
      </ProFormDependency>
      {entry ? null : (
        <ProFormText
          name="id"
          label={t('dictionary.id')}
          tooltip={t('dictionary.id.hint')}
          fieldProps={{ maxLength: 80 }}
        />
      )}
      <ProFormTextArea name="note" label={t('dictionary.note')} fieldProps={{ maxLength: 500 }} />
      <ProFormSwitch name="enabled" label={t('dictionary.enabled')} />
    </ModalForm>
  );
}
