import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { importLedger, type LedgerFilter, ledgerUrl } from '../../api/responsibility.js';
import { useCan } from '../../auth/session.js';
import { t } from '../../locale/zh-CN.js';
import { ExcelButtons } from '../ExcelButtons.js';

export interface LedgerToolbarProps {
  /** Route base of the Excel routes, e.g. 'agenda-meetings'; each button shows when allowed. */
  excelBase?: string;
  /** The table's current filter: the export carries it. */
  filter: LedgerFilter;
  onImported: () => void;
  /** 新建 button, shown when the caller may call `route`. */
  create?: { route: string; label: string; onClick: () => void };
  extra?: ReactNode;
}

/**
 * 新建 · 下载模板 · 导出 · 导入 for one ledger, wrapping onto a second line on phones. Every
 * button follows the server's list of allowed routes, so a ledger whose Excel routes are not
 * (yet) registered simply shows none.
 */
export function LedgerToolbar({
  excelBase,
  filter,
  onImported,
  create,
  extra,
}: LedgerToolbarProps) {
  const can = useCan();
  const canExport = !!excelBase && can(`GET /${excelBase}/export`);
  return (
    <Space wrap>
      {create && can(create.route) && (
        <Button type="primary" icon={<PlusOutlined />} onClick={create.onClick}>
          {create.label}
        </Button>
      )}
      {extra}
      {excelBase && can(`GET /${excelBase}/template`) && (
        <Button icon={<FileExcelOutlined />} href={ledgerUrl(excelBase, 'template')} download>
          {t('ledger.template')}
        </Button>
      )}
      {excelBase && canExport && (
        <ExcelButtons
          exportUrl={ledgerUrl(excelBase, 'export', filter)}
          importFile={(file) => importLedger(excelBase, file)}
          onImported={onImported}
          canImport={can(`POST /${excelBase}/import`)}
        />
      )}
    </Space>
  );
}
