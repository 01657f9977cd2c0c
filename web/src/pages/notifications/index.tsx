import {
  type ActionType,
  PageContainer,
  type ProColumns,
  ProTable,
  type ProTableProps,
} from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client.js';
import { type AppNotification, notificationsApi, toneColor } from '../../api/notifications.js';
import { useTableErrors } from '../../components/useTableErrors.js';
import { NOTICES_KEY } from '../../layouts/NotificationBell.js';
import { t } from '../../locale/zh-CN.js';

interface NoticeSearch {
  state?: 'unread' | 'all';
}

/** The typed request ProTable calls: its filter and pager → GET /notifications (own only). */
export const fetchNoticePage: ProTableProps<AppNotification, NoticeSearch>['request'] = async (
  params,
) => {
  const page = await notificationsApi.list({
    unread: params.state === 'unread' ? true : undefined,
    page: params.current ?? 1,
    pageSize: params.pageSize ?? 20,
  });
  return { data: page.items, total: page.total, success: true };
};

/** Every notice of the signed-in account, newest first: read one, read all, open its page. */
export default function NotificationsPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const onRequestError = useTableErrors();
  const table = useRef<ActionType>(null);

  const refresh = async () => {
    table.current?.reload();
    await queryClient.invalidateQueries({ queryKey: NOTICES_KEY });
  };
  const markRead = async (notice: AppNotification) => {
    try {
      if (!notice.readAt) await notificationsApi.markRead(notice.id);
      await refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const markAll = async () => {
    try {
      const { updated } = await notificationsApi.markAllRead();
      message.success(t('notice.markedAll', { n: updated }));
      await refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const columns: ProColumns<AppNotification>[] = [
    {
      title: t('notice.state'),
      dataIndex: 'state',
      valueType: 'select',
      hideInTable: true,
      valueEnum: {
        all: { text: t('notice.state.all') },
        unread: { text: t('notice.state.unread') },
      },
    },
    {
      title: t('notice.kind'),
      dataIndex: 'kind',
      search: false,
      width: 110,
      render: (_dom, notice) => (
        <Tag color={toneColor[notice.tone] ?? 'default'}>{notice.kindLabel}</Tag>
      ),
    },
    {
      title: t('notice.content'),
      dataIndex: 'title',
      search: false,
      render: (_dom, notice) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong={!notice.readAt}>{notice.title}</Typography.Text>
          {notice.body ? <Typography.Text type="secondary">{notice.body}</Typography.Text> : null}
        </Space>
      ),
    },
    {
      title: t('notice.createdAt'),
      dataIndex: 'createdAt',
      search: false,
      width: 150,
      render: (_dom, notice) => dayjs(notice.createdAt).format('YYYY-MM-DD HH:mm'),
    },
    {
      title: t('common.actions'),
      valueType: 'option',
      width: 150,
      render: (_dom, notice) => [
        notice.link ? (
          <Typography.Link
            key="open"
            onClick={async () => {
              await markRead(notice);
              navigate(notice.link);
            }}
          >
            {t('notice.open')}
          </Typography.Link>
        ) : null,
        notice.readAt ? (
          <Typography.Text key="read" type="secondary">
            {t('notice.state.read')}
          </Typography.Text>
        ) : (
          <Typography.Link key="read" onClick={() => void markRead(notice)}>
            {t('notice.markRead')}
          </Typography.Link>
        ),
      ],
    },
  ];

  return (
    <PageContainer title={t('menu.notifications')}>
      <ProTable<AppNotification, NoticeSearch>
        rowKey="id"
        actionRef={table}
        headerTitle={t('menu.notifications')}
        columns={columns}
        request={fetchNoticePage}
        onRequestError={onRequestError}
        search={{ labelWidth: 'auto' }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true }}
        scroll={{ x: 'max-content' }}
        options={{ density: false, setting: false }}
        toolBarRender={() => [
          <Button key="all" onClick={() => void markAll()}>
            {t('notice.markAllRead')}
          </Button>,
        ]}
        data-testid="notification-table"
      />
    </PageContainer>
  );
}
