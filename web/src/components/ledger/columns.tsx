// Columns every ledger table shares: unit (tree picker in the search form), year, attachments.
import type { ProColumns } from '@ant-design/pro-components';
import type { ReactNode } from 'react';
import { t } from '../../locale/zh-CN.js';
import { AttachmentLinks } from './AttachmentField.js';
import { beijingYear, yearOptions } from './time.js';
import type { LedgerScope } from './useLedgerScope.js';

/**
 * The unit filter and column; `name` renders rows that carry no unitName of their own
 * (leading groups).
 */
export function unitColumn<T extends { unitId: number; unitName?: string }>(
  scope: LedgerScope,
  name: (row: T) => string | number = (row) => row.unitName ?? row.unitId,
): ProColumns<T> {
  return {
    title: t('ledger.unit'),
    dataIndex: 'unitId',
    valueType: 'treeSelect',
    // Long unit names wrap at a fixed width instead of pushing the last columns out of sight.
    width: 200,
    fieldProps: { ...scope.unitPicker, allowClear: true },
    render: (_dom, row) => name(row),
  };
}

/** The year filter (defaults to this year); shown as a column only when `show` is set. */
export function yearColumn<T>(show = false, title = t('ledger.year')): ProColumns<T> {
  return {
    title,
    dataIndex: 'year',
    valueType: 'select',
    initialValue: beijingYear(),
    fieldProps: { options: yearOptions(), allowClear: true },
    hideInTable: !show,
  };
}

export function attachmentsColumn<T extends { attachmentIds: number[] }>(
  title = t('ledger.attachments'),
): ProColumns<T> {
  return {
    title,
    dataIndex: 'attachmentIds',
    search: false,
    render: (_dom, row) =>
      row.attachmentIds.length ? <AttachmentLinks ids={row.attachmentIds} /> : t('common.none'),
  };
}

/** A select filter and column over an enum, rendered by the tab (a tag, a label). */
export function enumColumn<T>(
  title: string,
  dataIndex: keyof T & string,
  options: { value: string; label: string }[],
  render: (row: T) => ReactNode,
): ProColumns<T> {
  return {
    title,
    dataIndex,
    valueType: 'select',
    fieldProps: { options },
    render: (_dom, row) => render(row),
  };
}
