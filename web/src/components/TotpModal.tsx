import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Modal, QRCode, Space, Typography } from 'antd';
import { useState } from 'react';
import { authApi } from '../api/auth.js';
import { errorMessage } from '../api/client.js';
import type { TotpSetup } from '../api/types.js';
import { ME_QUERY_KEY, useMe } from '../auth/session.js';
import { t } from '../locale/zh-CN.js';

interface Props {
  open: boolean;
  onClose: () => void;
}

/** Turns the second factor on (scan, confirm a code) or off (with the password). */
export function TotpModal({ open, onClose }: Props) {
  const me = useMe();
  const enabled = me.data?.totpEnabled ?? false;
  return (
    <Modal
      open={open}
      title={t('totp.title')}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={440}
    >
      {enabled ? <DisableTotp onDone={onClose} /> : <EnableTotp onDone={onClose} />}
    </Modal>
  );
}

function EnableTotp({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [setup, setSetup] = useState<TotpSetup>();
  // Setting up a new secret needs the password, like turning the factor off.
  const start = useMutation({
    mutationFn: (password: string) => authApi.totpSetup(password),
    onSuccess: setSetup,
  });
  const confirm = useMutation({
    mutationFn: (code: string) => authApi.totpEnable(code),
    onSuccess: async () => {
      message.success(t('totp.enable.done'));
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      onDone();
    },
  });
  const failure = start.error ?? confirm.error;

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph>{t('totp.intro')}</Typography.Paragraph>
      {failure && <Alert type="error" showIcon message={errorMessage(failure)} />}
      {!setup ? (
        <Form
          layout="vertical"
          onFinish={(values: { password: string }) => start.mutate(values.password)}
        >
          <Form.Item
            name="password"
            label={t('totp.setup.password')}
            rules={[{ required: true, message: t('password.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={start.isPending} block>
            {t('totp.start')}
          </Button>
        </Form>
      ) : (
        <>
          <div style={{ display: 'flex', justifyContent: 'center' }}>
            <QRCode value={setup.otpauthUrl} size={180} />
          </div>
          <Typography.Text type="secondary">{t('totp.secret')}</Typography.Text>
          <Typography.Text code copyable data-testid="totp-secret">
            {setup.secret}
          </Typography.Text>
          <Typography.Text type="secondary">{t('totp.url')}</Typography.Text>
          <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
            {setup.otpauthUrl}
          </Typography.Text>
          <Form
            layout="vertical"
            onFinish={(values: { code: string }) => confirm.mutate(values.code)}
          >
            <Form.Item
              name="code"
              label={t('totp.code')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totp.required') }]}
            >
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={confirm.isPending} block>
              {t('totp.confirm')}
            </Button>
          </Form>
        </>
      )}
    </Space>
  );
}

function DisableTotp({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const disable = useMutation({
    mutationFn: (password: string) => authApi.totpDisable(password),
    onSuccess: async () => {
      message.success(t('totp.disable.done'));
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      onDone();
    },
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="success" showIcon message={t('totp.enabled')} />
      {disable.error && <Alert type="error" showIcon message={errorMessage(disable.error)} />}
      <Form
        layout="vertical"
        onFinish={(values: { password: string }) => disable.mutate(values.password)}
      >
        <Form.Item
          name="password"
          label={t('totp.disable.password')}
          rules={[{ required: true, message: t('password.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Button danger htmlType="submit" loading={disable.isPending} block>
          {t('totp.disable')}
        </Button>
      </Form>
    </Space>
  );
}
