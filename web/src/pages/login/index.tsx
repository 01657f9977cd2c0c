import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { authApi, type LoginInput } from '../../api/auth.js';
import { ApiError, errorMessage, TOTP_REQUIRED } from '../../api/client.js';
import { ME_QUERY_KEY } from '../../auth/session.js';
import { CenteredPage } from '../../layouts/CenteredPage.js';
import { t } from '../../locale/zh-CN.js';

/** Only paths inside this app may be returned to after login. */
function safeReturnPath(from: string | null): string {
  return from?.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [totpAsked, setTotpAsked] = useState(false);
  const demo = useQuery({ queryKey: ['demo-info'], queryFn: authApi.demoInfo, retry: false });

  const login = useMutation({
    mutationFn: (input: LoginInput) => authApi.login(input),
    onSuccess: ({ user }) => {
      queryClient.setQueryData(ME_QUERY_KEY, user);
      navigate(user.mustChangePassword ? '/password' : safeReturnPath(params.get('from')), {
        replace: true,
      });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.code === TOTP_REQUIRED) setTotpAsked(true);
    },
  });
  const error = login.error;

  return (
    <CenteredPage>
      <Card title={t('login.title')} style={{ width: '100%' }}>
        {demo.data?.demo && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('login.demoNote')}
            data-testid="demo-note"
          />
        )}
        {totpAsked && !error && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('login.totp.asked')}
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            message={errorMessage(error)}
            data-testid="login-error"
          />
        )}
        <Form<LoginInput>
          layout="vertical"
          size="large"
          onFinish={(values) => login.mutate({ ...values, totp: values.totp || undefined })}
          onValuesChange={() => login.reset()}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('login.username.required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" id="username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.password.required') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              id="password"
            />
          </Form.Item>
          {totpAsked && (
            <Form.Item
              name="totp"
              label={t('login.totp')}
              extra={t('login.totp.hint')}
              rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totp.required') }]}
            >
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                maxLength={6}
                autoComplete="one-time-code"
                autoFocus
                id="totp"
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </CenteredPage>
  );
}
