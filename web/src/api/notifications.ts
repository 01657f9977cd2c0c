// In-app notifications of the signed-in account (reminders of due and overdue requirements).
import { api } from './client.js';
import type { PageQuery } from './types.js';

export type NotificationKind = 'due-soon' | 'overdue';

export interface AppNotification {
  id: number;
  kind: NotificationKind;
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
  unread: number;
}

export const notificationsApi = {
  list: (query: PageQuery & { unread?: boolean }) =>
    api.get<NotificationPage>('/notifications', {
      ...query,
      unread: query.unread === undefined ? undefined : String(query.unread),
    }),
  markRead: (id: number) => api.post<AppNotification>(`/notifications/${id}/read`),
};
