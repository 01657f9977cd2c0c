import {
  ModalForm,
  ProFormDigit,
  ProFormSelect,
  ProFormText,
  ProFormTreeSelect,
} from '@ant-design/pro-components';
import { App } from 'antd';
import { useMemo } from 'react';
import { errorMessage } from '../../../../api/client.js';
import { unitsApi } from '../../../../api/org.js';
import { changedFields } from '../../../../api/patch.js';
import type { Unit, UnitInput, UnitKind } from '../../../../api/types.js';
import { t } from '../../../../locale/zh-CN.js';
import { buildUnitTree, UNIT_PICKER_SEARCH } from '../../unitTree.js';
import { unitKindOptions } from '../kinds.js';

interface Props {
  open: boolean;
  /** The unit being edited; absent when creating. */
  unit?: Unit;
  allUnits: readonly Unit[];
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}

interface UnitFormValues {
  name: string;
  shortName?: string;
  parentId?: number;
  kind: UnitKind;
  code?: string;
  sort?: number;
}

/** A unit cannot move under itself or its own descendants. */
function withoutSubtree(units: readonly Unit[], rootId: number | undefined): Unit[] {
  if (rootId === undefined) return [...units];
  const excluded = new Set<number>([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) {
      if (u.parentId !== null && excluded.has(u.parentId) && !excluded.has(u.id)) {
        excluded.add(u.id);
        grew = true;
      }
    }
  }
  return units.filter((u) => !excluded.has(u.id));
}

/** Form values → request body; on an edit a cleared text field is sent as '' to clear it. */
function toInput(values: UnitFormValues, editing: boolean): UnitInput {
  const optional = (value: string | undefined) => value?.trim() || (editing ? '' : undefined);
  return {
    name: values.name.trim(),
    shortName: optional(values.shortName),
    parentId: values.parentId ?? null,
    kind: values.kind,
    code: optional(values.code),
    sort: values.sort ?? undefined,
  };
}

function currentInput(unit: Unit): UnitInput {
  return {
    name: unit.name,
    shortName: unit.shortName ?? '',
    parentId: unit.parentId,
    kind: unit.kind,
    code: unit.code ?? '',
    sort: unit.sort,
  };
}

export function UnitForm({ open, unit, allUnits, onOpenChange, onSaved }: Props) {
  const { message } = App.useApp();
  const isRoot = unit?.kind === 'committee' || (unit !== undefined && unit.parentId === null);
  // A liaison's own unit hangs under a parent they cannot see: keep it, do not offer to move it.
  const parentHidden =
    unit?.parentId != null && !allUnits.some((candidate) => candidate.id === unit.parentId);
  const parentLocked = isRoot || parentHidden;
  const treeData = useMemo(
    () => buildUnitTree(withoutSubtree(allUnits, unit?.id)),
    [allUnits, unit?.id],
  );

  return (
    <ModalForm<UnitFormValues>
      key={unit?.id ?? 'new'}
      title={unit ? t('unit.edit') : t('unit.create')}
      open={open}
      onOpenChange={onOpenChange}
      width={560}
      modalProps={{ destroyOnHidden: true }}
      initialValues={
        unit
          ? {
              name: unit.name,
              shortName: unit.shortName ?? undefined,
              parentId: parentHidden ? undefined : (unit.parentId ?? undefined),
              kind: unit.kind,
              code: unit.code ?? undefined,
              sort: unit.sort,
            }
          : { kind: 'unit', sort: 0 }
      }
      onFinish={async (values) => {
        try {
          const input = toInput(values, !!unit);
          if (unit && parentLocked) input.parentId = unit.parentId;
          if (unit) await unitsApi.update(unit.id, changedFields(currentInput(unit), input));
          else await unitsApi.create(input);
          message.success(t('common.saved'));
          onSaved();
          return true;
        } catch (error) {
          message.error(errorMessage(error));
          return false;
        }
      }}
    >
      <ProFormText
        name="name"
        label={t('unit.name')}
        rules={[{ required: true, message: t('unit.name.required') }]}
      />
      <ProFormText name="shortName" label={t('unit.shortName')} />
      <ProFormTreeSelect
        name="parentId"
        label={t('unit.parent')}
        // Only the committee itself sits at the top; every other unit has a parent.
        rules={parentLocked ? [] : [{ required: true, message: t('unit.parent.required') }]}
        disabled={parentLocked}
        placeholder={
          isRoot ? t('unit.parent.none') : parentHidden ? t('unit.parent.outOfScope') : undefined
        }
        fieldProps={{
          treeData,
          ...UNIT_PICKER_SEARCH,
          treeDefaultExpandAll: false,
        }}
      />
      <ProFormSelect
        name="kind"
        label={t('unit.kind')}
        options={unitKindOptions(isRoot)}
        disabled={isRoot}
        rules={[{ required: true, message: t('unit.kind.required') }]}
      />
      <ProFormText name="code" label={t('unit.code')} />
      <ProFormDigit name="sort" label={t('unit.sort')} min={0} fieldProps={{ precision: 0 }} />
    </ModalForm>
  );
}
