import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { requirePeople } from '../org/service.js';
import { people } from '../org/tables.js';
import { requireUnits } from '../platform/access.js';
import type { ServiceContext } from '../platform/context.js';
import { fail } from '../platform/errors.js';
import { requireAttachments } from '../platform/files.js';
import {
  auditRecord,
  beijingYearIs,
  deleteRecord,
  firstOrNotFound,
  ledgerFilters,
  pagedList,
  patchAttachments,
} from '../platform/ledger.js';
import { units } from '../platform/tables.js';
import type { Paging } from '../platform/validation.js';
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

export function listPlans(ctx: ServiceContext, query: { unitId?: number; year?: number } & Paging) {
  const where = ledgerFilters(studyPlans.unitId, query, (year) => eq(studyPlans.year, year));
  return pagedList(ctx, {
    table: studyPlans,
    unitColumn: studyPlans.unitId,
    where,
    query,
    rows: ({ limit, offset }) =>
      planQuery(ctx, where)
        .orderBy(asc(units.path), desc(studyPlans.year), asc(studyPlans.id))
        .limit(limit)
        .offset(offset),
  });
}

export function getPlan(ctx: ServiceContext, planId: number) {
  return firstOrNotFound(planQuery(ctx, eq(studyPlans.id, planId)));
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
  await auditRecord(ctx, 'study-plan', 'create', { after });
  return after;
}

export async function updatePlan(ctx: ServiceContext, planId: number, patch: PlanPatch) {
  const before = await getPlan(ctx, planId);
  const attachmentIds = await patchAttachments(ctx, patch.attachmentIds);
  await ctx.tx
    .update(studyPlans)
    .set({ year: patch.year, title: patch.title, attachmentIds })
    .where(eq(studyPlans.id, planId));
  const after = await getPlan(ctx, planId);
  await auditRecord(ctx, 'study-plan', 'update', { before, after });
  return after;
}

export function deletePlan(ctx: ServiceContext, planId: number) {
  return deleteRecord(
    ctx,
    { entity: 'study-plan', table: studyPlans, idColumn: studyPlans.id, id: planId },
    getPlan,
  );
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

export function listSessions(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number; kind?: SessionKind } & Paging,
) {
  const where = ledgerFilters(
    studySessions.unitId,
    query,
    (year) => beijingYearIs(studySessions.heldAt, year),
    query.kind && eq(studySessions.kind, query.kind),
  );
  return pagedList(ctx, {
    table: studySessions,
    unitColumn: studySessions.unitId,
    where,
    query,
    rows: async ({ limit, offset }) =>
      withAttendance(
        ctx,
        await sessionQuery(ctx, where)
          .orderBy(desc(studySessions.heldAt), asc(studySessions.id))
          .limit(limit)
          .offset(offset),
      ),
  });
}

export async function getSession(ctx: ServiceContext, sessionId: number) {
  const rows = await sessionQuery(ctx, eq(studySessions.id, sessionId));
  return firstOrNotFound(withAttendance(ctx, rows));
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
  await auditRecord(ctx, 'study-session', 'create', { after });
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
  const attachmentIds = await patchAttachments(ctx, patch.attachmentIds);
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
  await auditRecord(ctx, 'study-session', 'update', { before, after });
  return after;
}

export function deleteSession(ctx: ServiceContext, sessionId: number) {
  return deleteRecord(
    ctx,
    { entity: 'study-session', table: studySessions, idColumn: studySessions.id, id: sessionId },
    getSession,
  );
}
