// The modal form of every ledger record and the fields they share: unit, year, attachments and
// a person of the unit's family.
import {
  ModalForm,
  ProForm,
  ProFormDateTimePicker,
  ProFormDependency,
  ProFormSelect,
  type ProFormSelectProps,
  ProFormText,
  ProFormTreeSelect,
} from '@ant-design/pro-components';
import { App } from 'antd';
import { type ReactNode, useState } from 'react';
import { errorMessage } from '../../api/client.js';
import { t } from '../../locale/zh-CN.js';
import { AttachmentField } from './AttachmentField.js';
import { yearOptions } from './time.js';
import { type LedgerScope, personLabel, useFamilyPeople } from './useLedgerScope.js';

/** Which record a form edits: closed, a new one (`record` undefined), or an existing one. */
export function useEditor<T>() {
  const [state, setState] = useState<{ record?: T }>();
  return {
    open: !!state,
    record: state?.record,
    create: () => setState({}),
    edit: (record: T) => setState({ record }),
    close: () => setState(undefined),
  };
}
export type Editor<T> = ReturnType<typeof useEditor<T>>;

interface LedgerFormProps<V, T extends { id: number }> {
  editor: Editor<T>;
  /** Titles of the new and the edited record. */
  title: { create: string; edit: string };
  width?: number;
  initialValues: Partial<Record<keyof V, unknown>>;
  /** Creates or updates; a refusal shows the server's message and keeps the form open. */
  save: (values: V, record: T | undefined) => Promise<unknown>;
  onSaved: () => void;
  successMessage?: string;
  children: ReactNode;
}

export function LedgerForm<V extends Record<string, unknown>, T extends { id: number }>(
  props: LedgerFormProps<V, T>,
) {
  const { message } = App.useApp();
  const { editor } = props;
  return (
    <ModalForm<V>
      key={editor.record?.id ?? 'new'}
      title={editor.record ? props.title.edit : props.title.create}
      open={editor.open}
      onOpenChange={(open) => !open && editor.close()}
      width={props.width ?? 560}
      modalProps={{ destroyOnHidden: true }}
      initialValues={props.initialValues}
      onFinish={async (values) => {
        try {
          await props.save(values, editor.record);
          message.success(props.successMessage ?? t('common.saved'));
          props.onSaved();
          return true;
        } catch (error) {
          message.error(errorMessage(error));
          return false;
        }
      }}
    >
      {props.children}
    </ModalForm>
  );
}

/** The record's unit: required, fixed once the record exists. */
export function UnitField({
  scope,
  locked,
  extra,
}: {
  scope: LedgerScope;
  locked: boolean;
  extra?: ReactNode;
}) {
  return (
    <ProFormTreeSelect
      name="unitId"
      label={t('ledger.unit')}
      disabled={locked}
      extra={extra}
      rules={[{ required: true, message: t('ledger.unit.required') }]}
      fieldProps={scope.unitPicker}
    />
  );
}

export function YearField({ label = t('ledger.year') }: { label?: string }) {
  return (
    <ProFormSelect
      name="year"
      label={label}
      options={yearOptions()}
      rules={[{ required: true, message: t('ledger.year.required') }]}
    />
  );
}

/** The required 标题 of a record. */
export function TitleField() {
  return (
    <ProFormText
      name="title"
      label={t('ledger.title')}
      rules={[{ required: true, message: t('ledger.title.required') }]}
    />
  );
}

/** 时间 to the minute, picked as Beijing wall time (send it with `beijingInstant`). */
export function HeldAtField() {
  return (
    <ProFormDateTimePicker
      name="heldAt"
      label={t('ledger.heldAt')}
      fieldProps={{ format: 'YYYY-MM-DD HH:mm', showTime: { format: 'HH:mm' } }}
      rules={[{ required: true, message: t('ledger.heldAt.required') }]}
    />
  );
}

/**
 * The `attachmentIds` field; files go to the record's unit — the given one, or the form's
 * `unitId` as it changes.
 */
export function AttachmentsField({
  label = t('ledger.attachments'),
  images,
  unitId,
}: {
  label?: string;
  images?: boolean;
  unitId?: number;
}) {
  const item = (unit: number | undefined) => (
    <ProForm.Item name="attachmentIds" label={label}>
      <AttachmentField unitId={unit} images={images} />
    </ProForm.Item>
  );
  if (unitId !== undefined) return item(unitId);
  return (
    <ProFormDependency name={['unitId']}>
      {({ unitId: chosen }) => item(chosen as number | undefined)}
    </ProFormDependency>
  );
}

/** A person of the unit's family (the unit and its owning unit), by id. */
export function PersonField({
  scope,
  unitId,
  ...select
}: { scope: LedgerScope; unitId?: number } & ProFormSelectProps) {
  const people = useFamilyPeople(scope.units, unitId);
  return (
    <ProFormSelect
      showSearch
      {...select}
      options={(people.data ?? []).map((p) => ({ value: p.id, label: personLabel(p) }))}
    />
  );
}
