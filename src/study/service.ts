import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { requirePeople } from '../org/service.js';
import { people } from '../org/tables.js';
import { inSubtree, requireUnits } from '../platform/access.js';
import type { ServiceContext } from '../platform/context.js';
import { fail } from '../platform/errors.js';
import { requireAttachments } from '../platform/files.js';
import { units } from '../platform/tables.js';
import { type Paging, paging } from '../platform/validation.js';
import type { PlanInput, PlanPatch, SessionInput, SessionPatch } from './contract.js';
import {
  type AttendanceStatus,
  branchSessionKinds,
  type SessionKind,
  sessionKindLabels,
  studyAttendance,
  studyPlans,
  studySessions,
} from './tables.js';

// ---------------------------------------------------------------- study plans

const planColumns = {
  id: studyPlans.id,
  unitId: studyPlans.unitId,
  unitName: units.name,
  year: studyPlans.year,
  title: studyPlans.title,
  attachmentIds: studyPlans.attachmentIds,
};

function planQuery(ctx: ServiceContext, where: SQL | undefined) {
  return ctx.tx
    .select(planColumns)
    .from(studyPlans)
    .innerJoin(units, eq(units.id, studyPlans.unitId))
    .where(and(ctx.scope.filter(studyPlans.unitId), where));
}

export async function listPlans(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number } & Paging,
) {
  const conditions: SQL[] = [];
  if (query.unitId) conditions.push(inSubtree(studyPlans.unitId, query.unitId));
  if (query.year) conditions.push(eq(studyPlans.year, query.year));
  const where = and(...conditions);
  const { limit, offset } = paging(query);
  const [items, [total]] = await Promise.all([
    planQuery(ctx, where)
      .orderBy(asc(units.path), desc(studyPlans.year), asc(studyPlans.id))
      .limit(limit)
      .offset(offset),
    ctx.tx
      .select({ n: count() })
      .from(studyPlans)
      .where(and(ctx.scope.filter(studyPlans.unitId), where)),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function getPlan(ctx: ServiceContext, planId: number) {
  const [row] = await planQuery(ctx, eq(studyPlans.id, planId));
  if (!row) throw fail('NOT_FOUND');
  return row;
}

export async function createPlan(ctx: ServiceContext, input: PlanInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const attachmentIds = await requireAttachments(ctx, input.attachmentIds ?? []);
  const [row] = await ctx.tx
    .insert(studyPlans)
    .values({
      unitId: input.unitId,
      year: input.year,
      title: input.title,
      attachmentIds,
      createdAt: ctx.clock.now(),
    })
    .returning({ id: studyPlans.id });
  const after = await getPlan(ctx, row!.id);
  await ctx.audit({
    action: 'study-plan.create',
    entity: 'study-plan',
    entityId: after.id,
    unitId: after.unitId,
    after,
  });
  return after;
}

export async function updatePlan(ctx: ServiceContext, planId: number, patch: PlanPatch) {
  const before = await getPlan(ctx, planId);
  const attachmentIds =
    patch.attachmentIds === undefined
      ? undefined
      : await requireAttachments(ctx, patch.attachmentIds);
  await ctx.tx
    .update(studyPlans)
    .set({ year: patch.year, title: patch.title, attachmentIds })
    .where(eq(studyPlans.id, planId));
  const after = await getPlan(ctx, planId);
  await ctx.audit({
    action: 'study-plan.update',
    entity: 'study-plan',
    entityId: planId,
    unitId: after.unitId,
    before,
    after,
  });
  return after;
}

export async function deletePlan(ctx: ServiceContext, planId: number) {
  const before = await getPlan(ctx, planId);
  await ctx.tx.delete(studyPlans).where(eq(studyPlans.id, planId));
  await ctx.audit({
    action: 'study-plan.delete',
    entity: 'study-plan',
    entityId: planId,
    unitId: before.unitId,
    before,
  });
}

// ---------------------------------------------------------------- study sessions

const sessionColumns = {
  id: studySessions.id,
  unitId: studySessions.unitId,
  unitName: units.name,
  kind: studySessions.kind,
  heldAt: studySessions.heldAt,
  title: studySessions.title,
  topics: studySessions.topics,
  firstTopic: studySessions.firstTopic,
  lecturerId: studySessions.lecturerId,
  lecturerName: studySessions.lecturerName,
  attachmentIds: studySessions.attachmentIds,
};

type SessionRow = {
  id: number;
  unitId: number;
  unitName: string;
  kind: SessionKind;
  heldAt: Date;
  title: string;
  topics: string;
  firstTopic: boolean | null;
  lecturerId: number | null;
  lecturerName: string;
  attachmentIds: number[];
};

export interface AttendanceRow {
  personId: number;
  name: string;
  status: AttendanceStatus;
}

async function withAttendance(ctx: ServiceContext, rows: SessionRow[]) {
  const ids = rows.map((r) => r.id);
  const attendance = ids.length
    ? await ctx.tx
        .select({
          sessionId: studyAttendance.sessionId,
          personId: studyAttendance.personId,
          name: people.name,
          status: studyAttendance.status,
        })
        .from(studyAttendance)
        .innerJoin(people, eq(people.id, studyAttendance.personId))
        .where(inArray(studyAttendance.sessionId, ids))
        .orderBy(asc(studyAttendance.personId))
    : [];
  const bySession = new Map<number, AttendanceRow[]>();
  for (const a of attendance) {
    const list = bySession.get(a.sessionId) ?? [];
    list.push({ personId: a.personId, name: a.name, status: a.status });
    bySession.set(a.sessionId, list);
  }
  return rows.map((r) => {
    const list = bySession.get(r.id) ?? [];
    return {
      ...r,
      attendance: list,
      present: list.filter((a) => a.status === 'present').length,
    };
  });
}

function sessionQuery(ctx: ServiceContext, where: SQL | undefined) {
  return ctx.tx
    .select(sessionColumns)
    .from(studySessions)
    .innerJoin(units, eq(units.id, studySessions.unitId))
    .where(and(ctx.scope.filter(studySessions.unitId), where));
}

export async function listSessions(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number; kind?: SessionKind } & Paging,
) {
  const conditions: SQL[] = [];
  if (query.unitId) conditions.push(inSubtree(studySessions.unitId, query.unitId));
  if (query.year)
    conditions.push(
      sql`extract(year from ${studySessions.heldAt} at time zone 'Asia/Shanghai')::int = ${query.year}`,
    );
  if (query.kind) conditions.push(eq(studySessions.kind, query.kind));
  const where = and(...conditions);
  const { limit, offset } = paging(query);
  const [rows, [total]] = await Promise.all([
    sessionQuery(ctx, where)
      .orderBy(desc(studySessions.heldAt), asc(studySessions.id))
      .limit(limit)
      .offset(offset),
    ctx.tx
      .select({ n: count() })
      .from(studySessions)
      .where(and(ctx.scope.filter(studySessions.unitId), where)),
  ]);
  return { items: await withAttendance(ctx, rows), total: total?.n ?? 0 };
}

export async function getSession(ctx: ServiceContext, sessionId: number) {
  const rows = await sessionQuery(ctx, eq(studySessions.id, sessionId));
  if (rows.length === 0) throw fail('NOT_FOUND');
  const [session] = await withAttendance(ctx, rows);
  return session!;
}

/** Branch kinds are held by a party branch; central-group study and party-group meetings by a unit. */
async function checkKindAndUnit(ctx: ServiceContext, unitId: number, kind: SessionKind) {
  const [unit] = await requireUnits(ctx.tx, ctx.scope, [unitId]);
  const label = sessionKindLabels[kind];
  if (branchSessionKinds.includes(kind) && unit!.kind !== 'branch') {
    throw fail('VALIDATION', [`字段 unitId：${label}应登记在党支部名下`], { field: 'unitId' });
  }
  if ((kind === 'central-group' || kind === 'party-group') && unit!.kind !== 'unit') {
    throw fail('VALIDATION', [`字段 unitId：${label}应登记在单位名下`], { field: 'unitId' });
  }
}

function checkAttendance(attendance: SessionInput['attendance']) {
  const ids = (attendance ?? []).map((a) => a.personId);
  if (new Set(ids).size !== ids.length) {
    throw fail('VALIDATION', ['字段 attendance：同一人员不能重复登记'], { field: 'attendance' });
  }
  return ids;
}

async function writeAttendance(
  ctx: ServiceContext,
  sessionId: number,
  attendance: { personId: number; status: AttendanceStatus }[],
) {
  await ctx.tx.delete(studyAttendance).where(eq(studyAttendance.sessionId, sessionId));
  if (attendance.length)
    await ctx.tx
      .insert(studyAttendance)
      .values(attendance.map((a) => ({ sessionId, personId: a.personId, status: a.status })));
}

export async function createSession(ctx: ServiceContext, input: SessionInput) {
  await checkKindAndUnit(ctx, input.unitId, input.kind);
  const attendeeIds = checkAttendance(input.attendance);
  await requirePeople(ctx, input.unitId, attendeeIds, 'attendance');
  const lecturerId = input.lecturerId ?? null;
  const lecturer = lecturerId
    ? (await requirePeople(ctx, input.unitId, [lecturerId], 'lecturerId')).get(lecturerId)
    : undefined;
  const attachmentIds = await requireAttachments(ctx, input.attachmentIds ?? []);
  const [row] = await ctx.tx
    .insert(studySessions)
    .values({
      unitId: input.unitId,
      kind: input.kind,
      heldAt: input.heldAt,
      title: input.title,
      topics: input.topics ?? '',
      firstTopic: input.kind === 'party-group' ? (input.firstTopic ?? false) : null,
      lecturerId,
      lecturerName: input.lecturerName || lecturer?.name || '',
      attachmentIds,
      createdAt: ctx.clock.now(),
    })
    .returning({ id: studySessions.id });
  await writeAttendance(ctx, row!.id, input.attendance ?? []);
  const after = await getSession(ctx, row!.id);
  await ctx.audit({
    action: 'study-session.create',
    entity: 'study-session',
    entityId: after.id,
    unitId: after.unitId,
    after,
  });
  return after;
}

export async function updateSession(ctx: ServiceContext, sessionId: number, patch: SessionPatch) {
  const before = await getSession(ctx, sessionId);
  const kind = patch.kind ?? before.kind;
  if (patch.kind !== undefined) await checkKindAndUnit(ctx, before.unitId, kind);
  if (patch.attendance !== undefined) {
    await requirePeople(ctx, before.unitId, checkAttendance(patch.attendance), 'attendance');
  }
  const lecturerId = patch.lecturerId === undefined ? before.lecturerId : patch.lecturerId;
  let lecturerName = patch.lecturerName;
  if (patch.lecturerId) {
    const lecturer = (
      await requirePeople(ctx, before.unitId, [patch.lecturerId], 'lecturerId')
    ).get(patch.lecturerId);
    lecturerName = lecturerName || lecturer?.name;
  }
  const attachmentIds =
    patch.attachmentIds === undefined
      ? undefined
      : await requireAttachments(ctx, patch.attachmentIds);
  const firstTopic =
    kind === 'party-group' ? (patch.firstTopic ?? before.firstTopic ?? false) : null;
  await ctx.tx
    .update(studySessions)
    .set({
      kind: patch.kind,
      heldAt: patch.heldAt,
      title: patch.title,
      topics: patch.topics,
      firstTopic,
      lecturerId,
      lecturerName,
      attachmentIds,
    })
    .where(eq(studySessions.id, sessionId));
  if (patch.attendance !== undefined) await writeAttendance(ctx, sessionId, patch.attendance);
  const after = await getSession(ctx, sessionId);
  await ctx.audit({
    action: 'study-session.update',
    entity: 'study-session',
    entityId: sessionId,
    unitId: after.unitId,
    before,
    after,
  });
  return after;
}

export async function deleteSession(ctx: ServiceContext, sessionId: number) {
  const before = await getSession(ctx, sessionId);
  await ctx.tx.delete(studySessions).where(eq(studySessions.id, sessionId));
  await ctx.audit({
    action: 'study-session.delete',
    entity: 'study-session',
    entityId: sessionId,
    unitId: before.unitId,
    before,
  });
}
