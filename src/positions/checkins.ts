// Physical positions (电子屏, 宣传栏, 文化墙, 内部刊物) are kept up by people on the spot: each
// visit is a dated check-in (打卡) with what the position showed and photos. A position is
// overdue when its cadence has passed since the last check-in (or since it opened, before any);
// that is computed on read, and a daily job tells the unit once per lapse.
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import { beijingDate } from '../feeds/index.js';
import { people } from '../org/tables.js';
import type { Clock } from '../platform/clock.js';
import { type ServiceContext, systemContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
import { fail } from '../platform/errors.js';
import { requireAttachments } from '../platform/files.js';
import { defineJob, defineSchedule } from '../platform/jobs.js';
import {
  defineNotificationKind,
  type NotificationRequest,
  notifyMany,
} from '../platform/notifications.js';
import { attachments } from '../platform/tables.js';
import { activeStates, type PositionKind } from './contract.js';
import { type CheckinInput, physicalKinds } from './media-contract.js';
import { authorizePosition, loadPosition } from './service.js';
import { positionCheckins, positions } from './tables.js';

export const CHECKIN_OVERDUE_JOB = 'positions.checkin-overdue';
export const CHECKIN_OVERDUE_NOTICE = 'position.checkin-overdue';
defineNotificationKind(CHECKIN_OVERDUE_NOTICE, { label: '打卡逾期', tone: 'warning' });

const isPhysical = (kind: PositionKind) => physicalKinds.includes(kind);

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * When the next check-in is due: `cadenceDays` after the last one (or after the day the position
 * opened, before any). Overdue once that day has passed (a check-in on the due day is in time).
 */
export function checkinDue(
  position: { cadenceDays: number; statusOn: string; createdAt: Date },
  lastCheckedOn: string | null,
  today: string,
) {
  const since = lastCheckedOn ?? position.statusOn;
  const dueOn = addDays(since, position.cadenceDays);
  return { lastCheckedOn, since, dueOn, overdue: today > dueOn };
}

export async function listCheckins(ctx: ServiceContext, positionId: number) {
  const position = await loadPosition(ctx, positionId);
  const rows = await ctx.tx
    .select()
    .from(positionCheckins)
    .where(
      and(eq(positionCheckins.positionId, positionId), ctx.scope.filter(positionCheckins.unitId)),
    )
    .orderBy(desc(positionCheckins.checkedOn), desc(positionCheckins.id))
    .limit(200);
  const ids = [...new Set(rows.flatMap((r) => r.attachmentIds))];
  const files = ids.length
    ? await ctx.tx
        .select({ id: attachments.id, filename: attachments.filename, mime: attachments.mime })
        .from(attachments)
        .where(and(inArray(attachments.id, ids), ctx.scope.filter(attachments.unitId)))
    : [];
  const fileOf = new Map(files.map((f) => [f.id, f]));
  const today = beijingDate(ctx.clock.now());
  return {
    positionId,
    tracked: isPhysical(position.kind) && activeStates.includes(position.status),
    cadenceDays: position.cadenceDays,
    ...checkinDue(position, rows[0]?.checkedOn ?? null, today),
    items: rows.map((r) => ({
      id: r.id,
      positionId: r.positionId,
      unitId: r.unitId,
      checkedOn: r.checkedOn,
      content: r.content,
      attachments: r.attachmentIds.map((id) => fileOf.get(id)).filter((f) => f !== undefined),
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

/** 打卡: records a visit to a physical position. Audited as `position.checkin`. */
export async function addCheckin(ctx: ServiceContext, positionId: number, input: CheckinInput) {
  const position = await authorizePosition(ctx, positionId, 'edit');
  if (!isPhysical(position.kind))
    throw fail('CONFLICT', ['只有电子屏、宣传栏、文化墙和内部刊物需要打卡']);
  const today = beijingDate(ctx.clock.now());
  if (input.checkedOn > today)
    throw fail('VALIDATION', ['字段 checkedOn：打卡日期不能晚于今天'], { field: 'checkedOn' });
  const ids = await requireAttachments(ctx, input.attachmentIds ?? []);
  // A photo of another unit (even one the caller reaches) does not document this position.
  if (ids.length) {
    const owned = await ctx.tx
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(inArray(attachments.id, ids), eq(attachments.unitId, position.unitId)));
    if (owned.length !== ids.length)
      throw fail('VALIDATION', ['字段 attachmentIds：照片应由本阵地所属单位上传'], {
        field: 'attachmentIds',
      });
  }
  const [row] = await ctx.tx
    .insert(positionCheckins)
    .values({
      positionId,
      unitId: position.unitId,
      checkedOn: input.checkedOn,
      content: input.content,
      attachmentIds: ids,
      createdBy: ctx.user?.id ?? null,
      createdAt: ctx.clock.now(),
    })
    .returning();
  const after = {
    id: row!.id,
    checkedOn: row!.checkedOn,
    content: row!.content,
    attachmentIds: row!.attachmentIds,
  };
  await ctx.audit({
    action: 'position.checkin',
    entity: 'position',
    entityId: positionId,
    unitId: position.unitId,
    after,
  });
  return { ...after, positionId, unitId: position.unitId };
}

/**
 * The daily pass: every active physical position past its due day notifies its unit (liaisons
 * and leaders, and the owner if they have an account) — once per lapse, keyed by the day the
 * lapse counts from, however often the job runs.
 */
export async function notifyOverdueCheckins(db: Db, clock: Clock) {
  return db.transaction(async (tx) => {
    const ctx = systemContext(tx, clock, '阵地打卡');
    const rows = await tx
      .select({
        position: positions,
        ownerUserId: people.userId,
        last: max(positionCheckins.checkedOn),
      })
      .from(positions)
      .leftJoin(positionCheckins, eq(positionCheckins.positionId, positions.id))
      .leftJoin(people, eq(people.id, positions.ownerPersonId))
      .where(
        and(
          inArray(positions.kind, [...physicalKinds]),
          inArray(positions.status, [...activeStates]),
        ),
      )
      .groupBy(positions.id, people.userId);
    const today = beijingDate(clock.now());
    const requests: NotificationRequest[] = [];
    for (const { position, ownerUserId, last } of rows) {
      const due = checkinDue(position, last ?? null, today);
      if (!due.overdue) continue;
      requests.push({
        recipients: {
          roles: ['unit_liaison', 'unit_leader'],
          unitId: position.unitId,
          userIds: ownerUserId ? [ownerUserId] : [],
        },
        kind: CHECKIN_OVERDUE_NOTICE,
        record: {
          entity: 'position',
          id: position.id,
          unitId: position.unitId,
          title: `【打卡逾期】「${position.name}」应于 ${due.dueOn} 前打卡`,
          body: last
            ? `最近一次打卡在 ${last}，已超过 ${position.cadenceDays} 天的检查周期，请到现场检查并打卡。`
            : `开设以来尚未打卡，已超过 ${position.cadenceDays} 天的检查周期，请到现场检查并打卡。`,
          link: `/positions/${position.id}`,
          period: `since:${due.since}`,
        },
      });
    }
    const sent = await notifyMany(ctx, requests);
    return { overdue: requests.length, notices: sent.created };
  });
}

export const checkinOverdueJob = defineJob(
  CHECKIN_OVERDUE_JOB,
  (job) => notifyOverdueCheckins(job.db, job.clock),
  { policy: 'stately', retryLimit: 2, expireInSeconds: 10 * 60, label: '阵地打卡逾期提醒' },
);
/** Every morning at 08:30 Beijing time. */
export const checkinOverdueSchedule = defineSchedule(CHECKIN_OVERDUE_JOB, '30 8 * * *');
