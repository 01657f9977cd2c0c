/**
 * In-app notifications, owned by the platform: any module calls `notify()` in its own
 * transaction, naming the recipients by role and unit (or by account), an open-ended kind and the
 * record the notice is about. Kinds are strings; a module contributes each kind's Chinese label
 * and tone with `defineNotificationKind`, so the bell and the list page show any kind without
 * knowing the module. A user only ever reads and marks their own notices.
 */
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { ServiceContext } from './context.js';
import type { Db } from './db.js';
import { fail } from './errors.js';
import { notifications } from './notifications-tables.js';
import { type RoleName, roleBindings, units, users } from './tables.js';

/**
 * Runs the queries one after another: they share the caller's transaction, which is one
 * connection (pg refuses overlapping queries on a client).
 */
export async function sequential<T extends readonly unknown[]>(
  queries: readonly [...{ [K in keyof T]: PromiseLike<T[K]> | (() => PromiseLike<T[K]>) }],
): Promise<T> {
  const results: unknown[] = [];
  for (const q of queries) results.push(await (typeof q === 'function' ? q() : q));
  return results as unknown as T;
}

export type NotificationTone = 'info' | 'success' | 'warning' | 'error';

export interface NotificationKindInfo {
  /** Chinese label shown on the notice's tag, e.g. 临期. */
  label: string;
  tone: NotificationTone;
}

const kinds = new Map<string, NotificationKindInfo>();

/** A module declares the kinds it sends (once, at import time). Redefining a kind is a bug. */
export function defineNotificationKind(kind: string, info: NotificationKindInfo) {
  const known = kinds.get(kind);
  if (known && (known.label !== info.label || known.tone !== info.tone)) {
    throw new Error(`notification kind ${kind} is defined twice`);
  }
  kinds.set(kind, info);
}

export function notificationKindInfo(kind: string): NotificationKindInfo {
  return kinds.get(kind) ?? { label: '通知', tone: 'info' };
}

/**
 * Who receives a notice. `roles` with `unitId`: the active holders of those roles over that unit
 * (bound at it or at a unit above it — whoever's scope reaches it); `roles` alone: every active
 * holder anywhere; `userIds`: those accounts (if active). The parts add up.
 */
export interface Recipients {
  roles?: readonly RoleName[];
  unitId?: number;
  userIds?: readonly number[];
}

export interface NotificationRecord {
  /** The record the notice is about, e.g. `rectification` and its id. */
  entity: string;
  id: string | number;
  /** The unit the notice concerns (null for city-wide notices). */
  unitId?: number | null;
  title: string;
  body?: string;
  /** Path in the web app the notice opens. */
  link?: string;
  /**
   * Deduplication: with `period` set, a recipient gets this (kind, record, period) once however
   * often the producer runs; without it every call notifies again.
   */
  period?: string;
}

export interface NotificationRequest {
  recipients: Recipients;
  kind: string;
  record: NotificationRecord;
}

const MAX_TITLE = 300;
const MAX_BODY = 2_000;

export function dedupeKeyOf(kind: string, record: NotificationRecord): string | null {
  if (record.period === undefined) return null;
  return `${kind}|${record.entity}|${record.id}|${record.period}`;
}

/** Resolves every request's recipients with two queries in all, however many requests. */
async function resolveRecipients(tx: Db, requests: readonly NotificationRequest[]) {
  const roles = new Set<RoleName>();
  const unitIds = new Set<number>();
  const userIds = new Set<number>();
  for (const r of requests) {
    for (const role of r.recipients.roles ?? []) roles.add(role);
    if (r.recipients.unitId !== undefined && r.recipients.roles?.length) {
      unitIds.add(r.recipients.unitId);
    }
    for (const id of r.recipients.userIds ?? []) userIds.add(id);
  }
  const [holders, targets] = await sequential([
    roles.size || userIds.size
      ? tx
          .select({ userId: users.id, role: roleBindings.role, path: units.path })
          .from(users)
          .leftJoin(roleBindings, eq(roleBindings.userId, users.id))
          .leftJoin(units, eq(units.id, roleBindings.unitId))
          .where(
            and(
              eq(users.active, true),
              or(
                roles.size ? inArray(roleBindings.role, [...roles]) : sql`false`,
                userIds.size ? inArray(users.id, [...userIds]) : sql`false`,
              ),
            ),
          )
      : Promise.resolve([]),
    unitIds.size
      ? tx
          .select({ id: units.id, path: units.path })
          .from(units)
          .where(inArray(units.id, [...unitIds]))
      : Promise.resolve([]),
  ]);
  const activeUsers = new Set(holders.map((h) => h.userId));
  const pathOf = new Map(targets.map((u) => [u.id, u.path]));
  return requests.map((r) => {
    const to = new Set<number>();
    for (const id of r.recipients.userIds ?? []) if (activeUsers.has(id)) to.add(id);
    const wanted = r.recipients.roles ?? [];
    if (wanted.length) {
      const target = r.recipients.unitId === undefined ? null : pathOf.get(r.recipients.unitId);
      // A unit that does not exist has nobody over it.
      if (r.recipients.unitId === undefined || target !== undefined) {
        for (const h of holders) {
          if (!h.role || !wanted.includes(h.role)) continue;
          if (target && !(h.path && target.startsWith(h.path))) continue;
          to.add(h.userId);
        }
      }
    }
    return to;
  });
}

export interface NotifyResult {
  /** Accounts the notices were meant for (after resolving roles and units). */
  recipients: number;
  /** Notices written now; less than `recipients` when some were already sent (deduplicated). */
  created: number;
}

/**
 * Writes notices in the caller's transaction — they commit or roll back with the change they
 * report. Deduplicated requests (`record.period`) that were already sent to a recipient are
 * skipped silently, so producers may run as often as they like.
 */
export async function notifyMany(
  ctx: Pick<ServiceContext, 'tx' | 'clock'>,
  requests: readonly NotificationRequest[],
): Promise<NotifyResult> {
  if (requests.length === 0) return { recipients: 0, created: 0 };
  const resolved = await resolveRecipients(ctx.tx, requests);
  const now = ctx.clock.now();
  const rows: (typeof notifications.$inferInsert)[] = [];
  requests.forEach((r, i) => {
    const dedupeKey = dedupeKeyOf(r.kind, r.record);
    for (const userId of resolved[i]!) {
      rows.push({
        userId,
        unitId: r.record.unitId ?? null,
        kind: r.kind,
        title: r.record.title.slice(0, MAX_TITLE),
        body: (r.record.body ?? '').slice(0, MAX_BODY),
        link: r.record.link ?? '',
        entity: r.record.entity,
        entityId: String(r.record.id),
        dedupeKey,
        createdAt: now,
      });
    }
  });
  let created = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await ctx.tx
      .insert(notifications)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    created += inserted.length;
  }
  return { recipients: rows.length, created };
}

/** One notice to the resolved recipients (see `notifyMany`). */
export function notify(
  ctx: Pick<ServiceContext, 'tx' | 'clock'>,
  recipients: Recipients,
  kind: string,
  record: NotificationRecord,
): Promise<NotifyResult> {
  return notifyMany(ctx, [{ recipients, kind, record }]);
}

export function presentNotification(row: typeof notifications.$inferSelect) {
  const info = notificationKindInfo(row.kind);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: info.label,
    tone: info.tone,
    title: row.title,
    body: row.body,
    link: row.link,
    unitId: row.unitId,
    entity: row.entity,
    entityId: row.entityId,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

function ownerId(ctx: ServiceContext): number {
  // Every notification route requires a signed-in caller; 0 matches no account.
  return ctx.user?.id ?? 0;
}

/** The caller's own notices, newest first, with the unread count of all of them. */
export async function listNotifications(
  ctx: ServiceContext,
  query: { unread?: 'true' | 'false'; kind?: string; page?: number; pageSize?: number },
) {
  const userId = ownerId(ctx);
  const mine = eq(notifications.userId, userId);
  const where = and(
    mine,
    query.unread === 'true' ? isNull(notifications.readAt) : undefined,
    query.kind ? eq(notifications.kind, query.kind) : undefined,
  );
  const size = query.pageSize ?? 20;
  const [items, [counts], [unread]] = await sequential([
    ctx.tx
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(size)
      .offset(((query.page ?? 1) - 1) * size),
    ctx.tx.select({ total: sql<number>`count(*)::int` }).from(notifications).where(where),
    ctx.tx
      .select({ n: sql<number>`count(*)::int` })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt))),
  ]);
  return {
    items: items.map(presentNotification),
    total: counts?.total ?? 0,
    unread: unread?.n ?? 0,
  };
}

/** The caller's unread count alone: what the bell polls. */
export async function unreadCount(ctx: ServiceContext) {
  const [row] = await ctx.tx
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, ownerId(ctx)), isNull(notifications.readAt)));
  return { unread: row?.n ?? 0 };
}

/** Marks one of the caller's own notices read; anyone else's is "not found". */
export async function markNotificationRead(ctx: ServiceContext, id: number) {
  const userId = ownerId(ctx);
  const [row] = await ctx.tx
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!row) throw fail('NOT_FOUND');
  if (row.readAt) return presentNotification(row);
  const [updated] = await ctx.tx
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(eq(notifications.id, id))
    .returning();
  await ctx.audit({
    action: 'notification.read',
    entity: 'notification',
    entityId: id,
    unitId: row.unitId,
  });
  return presentNotification(updated!);
}

/** Marks every unread notice of the caller read (one audit record for the lot). */
export async function markAllNotificationsRead(ctx: ServiceContext) {
  const userId = ownerId(ctx);
  const updated = await ctx.tx
    .update(notifications)
    .set({ readAt: ctx.clock.now() })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  if (updated.length) {
    await ctx.audit({
      action: 'notification.read-all',
      entity: 'notification',
      after: { count: updated.length },
    });
  }
  return { updated: updated.length };
}
