import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Modal, Table, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, errorMessage } from '../api/client.js';
import type { ImportRowError } from '../api/types.js';
import { t } from '../locale/zh-CN.js';

interface Props {
  /** Same-origin URL of the xlsx export; the session cookie travels with the download. */
  exportUrl: string;
  importFile: (file: File) => Promise<{ imported: number }>;
  onImported: () => void;
  /** False hides 导入 for callers who may only read. */
  canImport?: boolean;
}

const XLSX_TYPES = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel 导出 / 导入 for one ledger; a refused import lists its row errors. */
export function ExcelButtons({ exportUrl, importFile, onImported, canImport = true }: Props) {
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);
  const [rowErrors, setRowErrors] = useState<ImportRowError[]>();

  const upload = async (file: File) => {
    setUploading(true);
    try {
      const { imported } = await importFile(file);
      message.success(t('common.import.done', { n: imported }));
      onImported();
    } catch (error) {
      if (error instanceof ApiError && error.rows?.length) setRowErrors(error.rows);
      else message.error(errorMessage(error));
    } finally {
      setUploading(false);
    }
  };

  return (
    <>
      <Button icon={<DownloadOutlined />} href={exportUrl} download>
        {t('common.export')}
      </Button>
      {canImport && (
        <Upload
          accept={XLSX_TYPES}
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={uploading}>
            {t('common.import')}
          </Button>
        </Upload>
      )}
      <ImportErrorsModal rows={rowErrors} onClose={() => setRowErrors(undefined)} />
    </>
  );
}

function ImportErrorsModal({ rows, onClose }: { rows?: ImportRowError[]; onClose: () => void }) {
  return (
    <Modal
      open={!!rows}
      title={t('common.import.failed')}
      onCancel={onClose}
      onOk={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      okText={t('common.close')}
      width={640}
    >
      <Table<ImportRowError>
        size="small"
        rowKey={(r) => `${r.row}-${r.field ?? ''}-${r.message}`}
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('common.import.row'), dataIndex: 'row', width: 80 },
          { title: t('common.import.field'), dataIndex: 'field', width: 120 },
          { title: t('common.import.message'), dataIndex: 'message' },
        ]}
      />
    </Modal>
  );
}
