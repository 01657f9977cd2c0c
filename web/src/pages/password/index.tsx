import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useNavigate } from 'react-router-dom';
import { authApi } from '../../api/auth.js';
import { ApiError, errorMessage } from '../../api/client.js';
import { meetsPolicy } from '../../auth/passwordPolicy.js';
import { ME_QUERY_KEY, useMe } from '../../auth/session.js';
import { CenteredPage } from '../../layouts/CenteredPage.js';
import { t } from '../../locale/zh-CN.js';

interface PasswordForm {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function PasswordPage() {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const forced = me.data?.mustChangePassword ?? false;

  const change = useMutation({
    mutationFn: (values: PasswordForm) =>
      authApi.changePassword(values.oldPassword, values.newPassword),
    onSuccess: async () => {
      message.success(t('password.done'));
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      navigate('/', { replace: true });
    },
    onError: (error) => {
      // The server names the field that failed; show the message beside that field too.
      if (error instanceof ApiError && error.field && error.field in form.getFieldsValue()) {
        form.setFields([{ name: error.field as keyof PasswordForm, errors: [error.message] }]);
      }
    },
  });

  return (
    <CenteredPage>
      <Card title={t('password.title')}>
        {forced && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('password.forced')}
          />
        )}
        {change.error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message={errorMessage(change.error)}
          />
        )}
        <Form<PasswordForm>
          form={form}
          layout="vertical"
          onFinish={(values) => change.mutate(values)}
        >
          <Form.Item
            name="oldPassword"
            label={t('password.old')}
            rules={[{ required: true, message: t('password.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('password.new')}
            extra={t('password.policy')}
            rules={[
              { required: true, message: t('password.required') },
              {
                validator: (_rule, value: string | undefined) =>
                  !value || meetsPolicy(value)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.policy.failed'))),
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('password.required') },
              ({ getFieldValue }) => ({
                validator: (_rule, value: string | undefined) =>
                  !value || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('password.mismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={change.isPending}>
            {t('password.submit')}
          </Button>
          {!forced && (
            <Button type="link" block onClick={() => navigate(-1)} style={{ marginTop: 8 }}>
              {t('common.cancel')}
            </Button>
          )}
        </Form>
      </Card>
    </CenteredPage>
  );
}
