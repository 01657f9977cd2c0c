import {
  ModalForm,
  ProFormGroup,
  ProFormList,
  ProFormSelect,
  ProFormSwitch,
  ProFormText,
  ProFormTreeSelect,
} from '@ant-design/pro-components';
import { App } from 'antd';
import { useMemo } from 'react';
import { errorMessage } from '../../../../api/client.js';
import { peopleApi } from '../../../../api/org.js';
import { changedFields } from '../../../../api/patch.js';
import type { CreatedPerson, Person, PersonInput, Role, Unit } from '../../../../api/types.js';
import { t } from '../../../../locale/zh-CN.js';
import { buildUnitTree, UNIT_PICKER_SEARCH } from '../../unitTree.js';
import { roleOptions } from '../roles.js';

interface Props {
  open: boolean;
  /** The person being edited; absent when creating. */
  person?: Person;
  allUnits: readonly Unit[];
  onOpenChange: (open: boolean) => void;
  /** Called with the server's answer; a new account carries its one-time initial password. */
  onSaved: (saved: CreatedPerson) => void;
}

interface PersonFormValues {
  name: string;
  unitId: number;
  title?: string;
  phone?: string;
  username?: string;
  roles?: { role: Role; unitId: number }[];
  active?: boolean;
}

/** Form values → request body; on an edit a cleared text field is sent as '' to clear it. */
function toInput(values: PersonFormValues, editing: boolean): PersonInput {
  const optional = (value: string | undefined) => value?.trim() || (editing ? '' : undefined);
  return {
    name: values.name.trim(),
    unitId: values.unitId,
    title: optional(values.title),
    phone: optional(values.phone),
    // An account name is set once; an empty box means "no account", never "remove it".
    username: values.username?.trim() || undefined,
    roles: (values.roles ?? []).map(({ role, unitId }) => ({ role, unitId })),
    active: editing ? values.active : undefined,
  };
}

function currentInput(person: Person): PersonInput {
  return {
    name: person.name,
    unitId: person.unitId,
    title: person.title ?? '',
    phone: person.phone ?? '',
    username: person.username ?? undefined,
    roles: person.roles.map(({ role, unitId }) => ({ role, unitId })),
    active: person.active,
  };
}

export function PersonForm({ open, person, allUnits, onOpenChange, onSaved }: Props) {
  const { message } = App.useApp();
  const treeData = useMemo(() => buildUnitTree(allUnits), [allUnits]);
  const unitPicker = { treeData, ...UNIT_PICKER_SEARCH };

  return (
    <ModalForm<PersonFormValues>
      key={person?.id ?? 'new'}
      title={person ? t('person.edit') : t('person.create')}
      open={open}
      onOpenChange={onOpenChange}
      width={600}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        person
          ? {
              name: person.name,
              unitId: person.unitId,
              title: person.title ?? undefined,
              phone: person.phone ?? undefined,
              username: person.username ?? undefined,
              roles: person.roles.map(({ role, unitId }) => ({ role, unitId })),
              active: person.active,
            }
          : { roles: [] }
      }
      onFinish={async (values) => {
        try {
          const input = toInput(values, !!person);
          const saved = person
            ? await peopleApi.update(person.id, changedFields(currentInput(person), input))
            : await peopleApi.create(input);
          message.success(t('common.saved'));
          onSaved(saved);
          return true;
        } catch (error) {
          message.error(errorMessage(error));
          return false;
        }
      }}
    >
      <ProFormText
        name="name"
        label={t('person.name')}
        rules={[{ required: true, message: t('person.name.required') }]}
      />
      <ProFormTreeSelect
        name="unitId"
        label={t('person.unit')}
        rules={[{ required: true, message: t('person.unit.required') }]}
        fieldProps={unitPicker}
      />
      <ProFormText name="title" label={t('person.title')} />
      <ProFormText name="phone" label={t('person.phone')} />
      <ProFormText
        name="username"
        label={t('person.username')}
        extra={person?.username ? undefined : t('person.username.hint')}
        disabled={!!person?.username}
      />
      <ProFormList
        name="roles"
        label={t('person.roles')}
        creatorButtonProps={{ creatorButtonText: t('person.roles.add') }}
        copyIconProps={false}
      >
        <ProFormGroup>
          <ProFormSelect
            name="role"
            label={t('person.role')}
            width="sm"
            options={roleOptions()}
            rules={[{ required: true, message: t('person.role.required') }]}
          />
          <ProFormTreeSelect
            name="unitId"
            label={t('person.role.unit')}
            width="md"
            rules={[{ required: true, message: t('person.role.unit.required') }]}
            fieldProps={unitPicker}
          />
        </ProFormGroup>
      </ProFormList>
      {person && (
        <ProFormSwitch
          name="active"
          label={t('person.active')}
          checkedChildren={t('person.active.on')}
          unCheckedChildren={t('person.active.off')}
        />
      )}
    </ModalForm>
  );
}
