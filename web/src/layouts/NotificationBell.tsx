import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Badge,
  Button,
  Drawer,
  Empty,
  Grid,
  List,
  Popover,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../api/client.js';
import { type AppNotification, notificationsApi, toneColor } from '../api/notifications.js';
import { t } from '../locale/zh-CN.js';

export const NOTICES_KEY = ['notifications'] as const;
// Notices come from jobs and from other people's actions: a minute's delay in the badge is plenty.
const POLL_MS = 60_000;

/** The header bell: unread count, the latest notices, mark read (one or all), open the page. */
export function NotificationBell() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [onlyUnread, setOnlyUnread] = useState(true);
  // On a phone the header's bell is not at the screen's edge: a popover anchored to it would
  // stick out of the screen, so the list opens in a full-width drawer instead.
  const narrow = !Grid.useBreakpoint().sm;
  const notices = useQuery({
    queryKey: [...NOTICES_KEY, onlyUnread],
    queryFn: () =>
      notificationsApi.list({ unread: onlyUnread || undefined, page: 1, pageSize: 10 }),
    refetchInterval: POLL_MS,
    retry: false,
  });
  const unread = notices.data?.unread ?? 0;

  const markRead = async (notice: AppNotification) => {
    try {
      if (!notice.readAt) await notificationsApi.markRead(notice.id);
      await queryClient.invalidateQueries({ queryKey: NOTICES_KEY });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const markAll = async () => {
    try {
      const { updated } = await notificationsApi.markAllRead();
      message.success(t('notice.markedAll', { n: updated }));
      await queryClient.invalidateQueries({ queryKey: NOTICES_KEY });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const openNotice = async (notice: AppNotification) => {
    await markRead(notice);
    if (notice.link) {
      setOpen(false);
      navigate(notice.link);
    }
  };

  const content = (
    <div style={{ width: narrow ? '100%' : 360 }} data-testid="notification-list">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }}>
        <Typography.Text strong>
          {t('notice.title')}
          {unread ? `（${t('notice.unread', { n: unread })}）` : ''}
        </Typography.Text>
        <Space size={4}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('notice.onlyUnread')}
          </Typography.Text>
          <Switch size="small" checked={onlyUnread} onChange={setOnlyUnread} />
        </Space>
      </Space>
      {notices.data?.items.length ? (
        <List<AppNotification>
          size="small"
          dataSource={notices.data.items}
          style={{ maxHeight: 400, overflowY: 'auto' }}
          renderItem={(notice) => (
            <List.Item
              actions={
                notice.readAt
                  ? []
                  : [
                      <Button
                        key="read"
                        type="link"
                        size="small"
                        onClick={() => void markRead(notice)}
                      >
                        {t('notice.markRead')}
                      </Button>,
                    ]
              }
            >
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <Tag color={toneColor[notice.tone] ?? 'default'}>{notice.kindLabel}</Tag>
                    <Typography.Link
                      onClick={() => void openNotice(notice)}
                      strong={!notice.readAt}
                    >
                      {notice.title}
                    </Typography.Link>
                  </Space>
                }
                description={
                  <>
                    <div>{notice.body}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {notice.createdAt.slice(0, 10)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notice.empty')} />
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between', marginTop: 8 }}>
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
        >
          {t('notice.all')}
        </Button>
        <Button type="link" size="small" disabled={!unread} onClick={() => void markAll()}>
          {t('notice.markAllRead')}
        </Button>
      </Space>
    </div>
  );

  const bell = (
    <Badge count={unread} size="small" overflowCount={99}>
      <Button
        type="text"
        icon={<BellOutlined />}
        aria-label={t('notice.title')}
        data-testid="notification-bell"
        onClick={narrow ? () => setOpen(true) : undefined}
      />
    </Badge>
  );

  if (narrow) {
    return (
      <>
        {bell}
        <Drawer
          open={open}
          onClose={() => setOpen(false)}
          placement="top"
          height="auto"
          closable={false}
          styles={{ body: { padding: 12 } }}
        >
          {content}
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      content={content}
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      placement="bottomRight"
    >
      {bell}
    </Popover>
  );
}
