import { type RouteSpec, route } from './http.js';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadCount,
} from './notifications.js';
import { idParams, pageQuery, text, z } from './validation.js';

const tag = '通知';

export const notificationQuery = z.strictObject({
  unread: z.enum(['true', 'false']).optional(),
  kind: text(64).optional(),
  ...pageQuery,
});

// Every route acts on the caller's own notices only (any signed-in account has some).
export const notificationRoutes: RouteSpec[] = [
  route({
    method: 'GET',
    url: '/notifications',
    summary: '我的通知（最新在前，含未读数）',
    tag,
    access: 'any-user',
    schema: { querystring: notificationQuery },
    handler: (ctx) => listNotifications(ctx, ctx.query),
  }),
  route({
    method: 'GET',
    url: '/notifications/unread-count',
    summary: '我的未读通知数',
    tag,
    access: 'any-user',
    schema: {},
    handler: (ctx) => unreadCount(ctx),
  }),
  route({
    method: 'POST',
    url: '/notifications/read-all',
    summary: '全部标记为已读',
    tag,
    access: 'any-user',
    schema: {},
    handler: (ctx) => markAllNotificationsRead(ctx),
  }),
  route({
    method: 'POST',
    url: '/notifications/:id/read',
    summary: '标记通知为已读',
    tag,
    access: 'any-user',
    entity: 'notification',
    schema: { params: idParams },
    handler: (ctx) => markNotificationRead(ctx, ctx.params.id),
  }),
];
