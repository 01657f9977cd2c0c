// In-app notifications of the signed-in account, from any module (reminders, rectifications, …).
// Kinds are open-ended: the server sends each notice's Chinese label and tone with it.
import { api } from './client.js';
import type { PageQuery } from './types.js';

export type NotificationTone = 'info' | 'success' | 'warning' | 'error';

export interface AppNotification {
  id: number;
  kind: string;
  /** Chinese name of the kind, e.g. 临期, 整改退回. */
  kindLabel: string;
  tone: NotificationTone;
  title: string;
  body: string;
  /** Path in the web app the notice opens. */
  link: string;
  unitId: number | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationPage {
  items: AppNotification[];
  total: number;
  /** Unread notices of the account in all (whatever the filter). */
  unread: number;
}

/** The tag colour of a tone (antd preset names). */
export const toneColor: Record<NotificationTone, string> = {
  info: 'processing',
  success: 'success',
  warning: 'warning',
  error: 'error',
};

export const notificationsApi = {
  list: (query: PageQuery & { unread?: boolean; kind?: string }) =>
    api.get<NotificationPage>('/notifications', {
      ...query,
      unread: query.unread === undefined ? undefined : String(query.unread),
    }),
  unreadCount: () => api.get<{ unread: number }>('/notifications/unread-count'),
  markRead: (id: number) => api.post<AppNotification>(`/notifications/${id}/read`),
  markAllRead: () => api.post<{ updated: number }>('/notifications/read-all'),
};
