import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { type LedgerFilter, ledgerUrl } from '../../../api/responsibility.js';
import { ExcelButtons } from '../../../components/ExcelButtons.js';
import { t } from '../../../locale/zh-CN.js';

interface Props {
  /** Route base of the ledger, e.g. 'agenda-meetings'. */
  base: string;
  /** The table's current filter: the export carries it. */
  filter: LedgerFilter;
  importFile: (file: File) => Promise<{ imported: number }>;
  onImported: () => void;
  /** Hidden for readers (the leader): the server would refuse anyway. */
  canEdit: boolean;
  createLabel?: string;
  onCreate?: () => void;
  extra?: ReactNode;
}

/** 新建 · 下载模板 · 导出 · 导入 for one ledger, wrapping onto a second line on phones. */
export function LedgerToolbar(props: Props) {
  const { base, filter, canEdit } = props;
  return (
    <Space wrap>
      {canEdit && props.onCreate && (
        <Button type="primary" icon={<PlusOutlined />} onClick={props.onCreate}>
          {props.createLabel ?? t('common.create')}
        </Button>
      )}
      {props.extra}
      <Button icon={<FileExcelOutlined />} href={ledgerUrl(base, 'template')} download>
        {t('ledger.template')}
      </Button>
      <ExcelButtons
        exportUrl={ledgerUrl(base, 'export', filter)}
        importFile={props.importFile}
        onImported={props.onImported}
        canImport={canEdit}
      />
    </Space>
  );
}
