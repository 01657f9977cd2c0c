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
import type { Unit, UnitInput, UnitKind } from '../../../../api/types.js';
import { t } from '../../../../locale/zh-CN.js';
import { buildUnitTree } from '../../unitTree.js';
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

function toInput(values: UnitFormValues): UnitInput {
  return {
    name: values.name.trim(),
    shortName: values.shortName?.trim() || undefined,
    parentId: values.parentId ?? null,
    kind: values.kind,
    code: values.code?.trim() || undefined,
    sort: values.sort ?? undefined,
  };
}

export function UnitForm({ open, unit, allUnits, onOpenChange, onSaved }: Props) {
  const { message } = App.useApp();
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
              parentId: unit.parentId ?? undefined,
              kind: unit.kind,
              code: unit.code ?? undefined,
              sort: unit.sort,
            }
          : { kind: 'unit', sort: 0 }
      }
      onFinish={async (values) => {
        try {
          const input = toInput(values);
          if (unit) await unitsApi.update(unit.id, input);
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
        placeholder={t('unit.parent.none')}
        allowClear
        fieldProps={{
          treeData,
          showSearch: true,
          treeNodeFilterProp: 'title',
          treeDefaultExpandAll: false,
        }}
      />
      <ProFormSelect
        name="kind"
        label={t('unit.kind')}
        options={unitKindOptions()}
        rules={[{ required: true, message: t('unit.kind.required') }]}
      />
      <ProFormText name="code" label={t('unit.code')} />
      <ProFormDigit name="sort" label={t('unit.sort')} min={0} fieldProps={{ precision: 0 }} />
    </ModalForm>
  );
}
