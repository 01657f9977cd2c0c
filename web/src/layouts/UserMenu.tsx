import { LockOutlined, LogoutOutlined, SafetyOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Dropdown, type MenuProps } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { authApi } from '../api/auth.js';
import { errorMessage } from '../api/client.js';
import { t } from '../locale/zh-CN.js';

interface Props {
  children: ReactNode;
  onTotp: () => void;
}

export function UserMenu({ children, onTotp }: Props) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();

  const logout = async () => {
    try {
      await authApi.logout();
    } catch (error) {
      // A session that already expired is as good as logged out; anything else is reported.
      message.warning(errorMessage(error));
    }
    queryClient.clear();
    message.success(t('user.logout.done'));
    navigate('/login', { replace: true });
  };

  const items: MenuProps['items'] = [
    { key: 'password', icon: <LockOutlined />, label: t('user.changePassword') },
    { key: 'totp', icon: <SafetyOutlined />, label: t('user.totp') },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout') },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate('/password');
    else if (key === 'totp') onTotp();
    else if (key === 'logout') void logout();
  };

  return (
    <Dropdown menu={{ items, onClick }} placement="bottomRight" trigger={['click', 'hover']}>
      <span style={{ cursor: 'pointer' }} data-testid="user-menu">
        {children}
      </span>
    </Dropdown>
  );
}
