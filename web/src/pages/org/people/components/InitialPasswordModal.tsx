import { Modal, Typography } from 'antd';
import { t } from '../../../../locale/zh-CN.js';

interface Props {
  account?: { username: string; password: string };
  onClose: () => void;
}

/** The one and only time the initial password of a new account is shown. */
export function InitialPasswordModal({ account, onClose }: Props) {
  return (
    <Modal
      open={!!account}
      title={t('person.initialPassword.title')}
      onOk={onClose}
      onCancel={onClose}
      okText={t('common.close')}
      cancelButtonProps={{ style: { display: 'none' } }}
      maskClosable={false}
    >
      <Typography.Paragraph>
        {t('person.initialPassword.body', { username: account?.username ?? '' })}
      </Typography.Paragraph>
      <Typography.Text code copyable style={{ fontSize: 18 }} data-testid="initial-password">
        {account?.password}
      </Typography.Text>
    </Modal>
  );
}
