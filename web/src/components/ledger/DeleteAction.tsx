import { App, Button, Popconfirm } from 'antd';
import type { ReactNode } from 'react';
import { errorMessage } from '../../api/client.js';
import { t } from '../../locale/zh-CN.js';

/** 删除 link of a row: asks first, says so when done, shows the server's refusal otherwise. */
export function DeleteAction({
  onDelete,
  onDeleted,
}: {
  onDelete: () => Promise<unknown>;
  onDeleted: () => void;
}) {
  const { message } = App.useApp();
  return (
    <Popconfirm
      title={t('ledger.delete.confirm')}
      onConfirm={async () => {
        try {
          await onDelete();
          message.success(t('ledger.deleted'));
          onDeleted();
        } catch (error) {
          message.error(errorMessage(error));
        }
      }}
    >
      <Button type="link" size="small" danger>
        {t('ledger.delete')}
      </Button>
    </Popconfirm>
  );
}

/** A plain link button of a row's 操作 column (编辑, 签收, 调整…). */
export function RowLink({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <Button type="link" size="small" onClick={onClick}>
      {children}
    </Button>
  );
}
