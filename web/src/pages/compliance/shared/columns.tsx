// Columns every ledger table shares: unit (tree picker in the search form), year, attachments,
// and the edit/delete actions.
import type { ProColumns } from '@ant-design/pro-components';
import { App, Button, Popconfirm } from 'antd';
import { errorMessage } from '../../../api/client.js';
import { t } from '../../../locale/zh-CN.js';
import { AttachmentLinks } from './AttachmentField.js';
import { beijingYear, yearOptions } from './time.js';
import type { useLedgerScope } from './useLedgerScope.js';

type Scope = ReturnType<typeof useLedgerScope>;

export function unitColumn<T extends { unitName?: string }>(scope: Scope): ProColumns<T> {
  return {
    title: t('ledger.unit'),
    dataIndex: 'unitId',
    valueType: 'treeSelect',
    fieldProps: { ...scope.unitPicker, allowClear: true },
    render: (_dom, row) => row.unitName,
  };
}

/** The year filter (defaults to this year); shown as a column only when `show` is set. */
export function yearColumn<T>(show = false): ProColumns<T> {
  return {
    title: t('ledger.year'),
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

/** 编辑 / 删除 links of a row; delete asks first and reloads the table. */
export function RowActions(props: {
  onEdit?: () => void;
  onDelete?: () => Promise<void>;
  onDeleted: () => void;
}) {
  const { message } = App.useApp();
  return (
    <>
      {props.onEdit && (
        <Button type="link" size="small" onClick={props.onEdit}>
          {t('common.edit')}
        </Button>
      )}
      {props.onDelete && (
        <Popconfirm
          title={t('ledger.delete.confirm')}
          onConfirm={async () => {
            try {
              await props.onDelete!();
              message.success(t('ledger.deleted'));
              props.onDeleted();
            } catch (error) {
              message.error(errorMessage(error));
            }
          }}
        >
          <Button type="link" size="small" danger>
            {t('ledger.delete')}
          </Button>
        </Popconfirm>
      )}
    </>
  );
}

/** Table props every ledger shares (the org pages' conventions: pager, phone scroll). */
export const LEDGER_TABLE = {
  rowKey: 'id',
  search: { labelWidth: 'auto' },
  pagination: { defaultPageSize: 20, showSizeChanger: true },
  scroll: { x: 'max-content' },
  options: { density: false, setting: false },
} as const;
