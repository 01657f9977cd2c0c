/**
 * Reminders: in-app notices to a unit's liaisons and leaders when a requirement is unmet and due
 * within 14 days (or within its own longer due-soon window), and when it has just become overdue. A notice is keyed by
 * (kind, requirement, unit, period) per recipient, so running the job again — on every node,
 * every hour, after a restart — sends nothing twice.
 */
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { DAY_MS } from '../cadence/index.js';
import type { Clock } from '../platform/clock.js';
import type { ServiceContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { fail } from '../platform/errors.js';
import { defineJob, defineSchedule, enqueue, jobsRunning, waitForJob } from '../platform/jobs.js';
import { roleBindings, users } from '../platform/tables.js';
import { beijingYear, cachedYear } from './compute.js';
import { requirementNames } from './service.js';
import { notifications } from './tables.js';

/** Unmet requirements due within this many days are reminded (or earlier, by a rule's own window). */
export const REMINDER_WINDOW_DAYS = 14;
/** An overdue notice is only sent for deadlines passed this recently ("newly overdue"). */
export const NEWLY_OVERDUE_DAYS = 14;

const recipientRoles = ['unit_liaison', 'unit_leader'] as const;

export interface ReminderRun {
  /** Unmet results due soon or newly overdue. */
  candidates: number;
  /** Notices written this run (0 when every candidate was already notified). */
  created: number;
}

/**
 * One reminder pass over the whole tree as of `clock.now()`. The previous year is evaluated too
 * while its yearly items (report due 31 January) can still be due or newly overdue.
 */
export async function runReminders(db: Db, clock: Clock): Promise<ReminderRun> {
  const now = clock.now();
  const year = beijingYear(now);
  const years = [year - 1, year];
  const since = now.getTime() - NEWLY_OVERDUE_DAYS * DAY_MS;
  const remindFrom = REMINDER_WINDOW_DAYS * DAY_MS;

  const bindings = await db
    .select({ userId: roleBindings.userId, unitId: roleBindings.unitId })
    .from(roleBindings)
    .innerJoin(users, eq(users.id, roleBindings.userId))
    .where(and(inArray(roleBindings.role, [...recipientRoles]), eq(users.active, true)));
  const recipientsOf = new Map<number, Set<number>>();
  for (const b of bindings) {
    const set = recipientsOf.get(b.unitId) ?? new Set<number>();
    set.add(b.userId);
    recipientsOf.set(b.unitId, set);
  }

  let candidates = 0;
  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const y of years) {
    // Shared with the dashboards: a pass at start-up warms the city view's cache.
    const { computation } = await cachedYear(db, y, now);
    const names = requirementNames(computation.requirements);
    for (const result of computation.results) {
      let kind: 'due-soon' | 'overdue';
      // The deadline is the Beijing midnight after the due date.
      const deadline = Date.parse(`${result.dueDate}T00:00:00+08:00`) + DAY_MS;
      if (result.status === 'due-soon') kind = 'due-soon';
      else if (result.status === 'not-yet-due' && deadline - now.getTime() <= remindFrom) {
        // Rules with a shorter due-soon window (monthly meetings: 7 days) still get the 14-day notice.
        kind = 'due-soon';
      } else if (result.status === 'overdue') {
        if (deadline < since) continue;
        kind = 'overdue';
      } else continue;
      candidates++;
      const unit = computation.unitById.get(result.unitId)!;
      // A branch's reminders also reach the liaison and leader of the unit that owns it.
      const to = new Set<number>([
        ...(recipientsOf.get(unit.id) ?? []),
        ...(unit.ownerId !== unit.id ? (recipientsOf.get(unit.ownerId) ?? []) : []),
      ]);
      if (to.size === 0) continue;
      const name = names.get(result.requirementId) ?? result.requirementId;
      const title =
        kind === 'due-soon'
          ? `【临期】${unit.name}：${name}（${result.periodKey}）将于 ${result.dueDate} 截止`
          : `【逾期】${unit.name}：${name}（${result.periodKey}）已于 ${result.dueDate} 截止`;
      const body = `要求 ${result.required} 次，已完成 ${result.count} 次。请及时补充台账记录。`;
      for (const userId of to) {
        rows.push({
          userId,
          unitId: unit.id,
          kind,
          title,
          body,
          link: `/compliance/unit/${unit.ownerId}?year=${y}`,
          dedupeKey: `${kind}:${result.requirementId}:${unit.id}:${result.periodKey}`,
          createdAt: now,
        });
      }
    }
  }
  let created = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await db
      .insert(notifications)
      .values(rows.slice(i, i + 500))
      .onConflictDoNothing()
      .returning({ id: notifications.id });
    created += inserted.length;
  }
  return { candidates, created };
}

/** The hourly reminder pass, as a job: stately, so at most one is queued and one runs city-wide. */
export const REMINDER_JOB = 'compliance.reminders';
export const reminderJob = defineJob(REMINDER_JOB, (job) => runReminders(job.db, job.clock), {
  policy: 'stately',
  retryLimit: 2,
  expireInSeconds: 15 * 60,
});
/** Every hour on the hour (Beijing time), once across all serve/worker processes. */
export const reminderSchedule = defineSchedule(REMINDER_JOB, '0 * * * *');

const startupRuns = new WeakMap<FastifyInstance, Promise<unknown>>();

/** The start-up pass an app enqueued (resolved when none or when done), for benchmarks. */
export function reminderRunOf(app: FastifyInstance): Promise<unknown> {
  return startupRuns.get(app) ?? Promise.resolve();
}

/**
 * When the server starts listening and this process runs the job queue, one reminder pass is
 * enqueued at once (it also warms the city view's cache); the hourly schedule does the rest.
 * `inject`-only apps (tests) never listen, so they never run it by surprise.
 */
export function scheduleReminders(app: FastifyInstance, services: { db: Db; clock: Clock }) {
  app.addHook('onListen', async () => {
    if (!jobsRunning()) return;
    const run = enqueue(REMINDER_JOB, {})
      .then((id) => (id ? waitForJob(services.db, id, 10 * 60_000) : null))
      .catch((error: unknown) => app.log.error({ err: error }, '提醒任务失败'));
    startupRuns.set(app, run);
  });
}

function presentNotification(row: typeof notifications.$inferSelect) {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    unitId: row.unitId,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

/** The caller's own notices, newest first. */
export async function listNotifications(
  ctx: ServiceContext,
  query: { unread?: 'true' | 'false'; page?: number; pageSize?: number },
) {
  const userId = ctx.user?.id ?? 0;
  const where = and(
    eq(notifications.userId, userId),
    query.unread === 'true' ? isNull(notifications.readAt) : undefined,
  );
  const size = query.pageSize ?? 20;
  const [items, [counts]] = await Promise.all([
    ctx.tx
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(size)
      .offset(((query.page ?? 1) - 1) * size),
    ctx.tx
      .select({
        total: sql<number>`count(*)::int`,
        unread: sql<number>`(count(*) filter (where ${notifications.readAt} is null))::int`,
      })
      .from(notifications)
      .where(where),
  ]);
  return {
    items: items.map(presentNotification),
    total: counts?.total ?? 0,
    unread: counts?.unread ?? 0,
  };
}

/** Marks one of the caller's own notices read; anyone else's is "not found". */
export async function markNotificationRead(ctx: ServiceContext, id: number) {
  const userId = ctx.user?.id ?? 0;
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
