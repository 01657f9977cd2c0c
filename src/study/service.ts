import { asc, desc, eq, inArray } from 'drizzle-orm';
import { requirePeople } from '../org/service.js';
import { people } from '../org/tables.js';
import { requireUnits } from '../platform/access.js';
import type { ServiceContext } from '../platform/context.js';
import { fail } from '../platform/errors.js';
import { requireAttachments } from '../platform/files.js';
import {
  beijingYearIs,
  createRecord,
  deleteRecord,
  instantWithin,
  ledgerReader,
  patchAttachments,
  updateRecord,
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

const planRecord = { entity: 'study-plan', table: studyPlans, idColumn: studyPlans.id };
const plans = ledgerReader({
  ...planRecord,
  unitColumn: studyPlans.unitId,
  select: (ctx, where) =>
    ctx.tx
      .select(planColumns)
      .from(studyPlans)
      .innerJoin(units, eq(units.id, studyPlans.unitId))
      .where(where),
  order: [asc(units.path), desc(studyPlans.year), asc(studyPlans.id)],
  year: (year) => eq(studyPlans.year, year),
});

export function listPlans(ctx: ServiceContext, query: { unitId?: number; year?: number } & Paging) {
  return plans.list(ctx, query);
}

export function getPlan(ctx: ServiceContext, planId: number) {
  return plans.get(ctx, planId);
}

export async function createPlan(ctx: ServiceContext, input: PlanInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const attachmentIds = await requireAttachments(ctx, input.attachmentIds ?? []);
  return createRecord(
    ctx,
    planRecord,
    {
      unitId: input.unitId,
      year: input.year,
      title: input.title,
      attachmentIds,
      createdAt: ctx.clock.now(),
    },
    getPlan,
  );
}

export function updatePlan(ctx: ServiceContext, planId: number, patch: PlanPatch) {
  return updateRecord(ctx, { ...planRecord, id: planId }, getPlan, async () => ({
    year: patch.year,
    title: patch.title,
    attachmentIds: await patchAttachments(ctx, patch.attachmentIds),
  }));
}

export function deletePlan(ctx: ServiceContext, planId: number) {
  return deleteRecord(ctx, { ...planRecord, id: planId }, getPlan);
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

const sessionRecord = { entity: 'study-session', table: studySessions, idColumn: studySessions.id };
const sessions = ledgerReader({
  ...sessionRecord,
  unitColumn: studySessions.unitId,
  select: (ctx, where) =>
    ctx.tx
      .select(sessionColumns)
      .from(studySessions)
      .innerJoin(units, eq(units.id, studySessions.unitId))
      .where(where),
  order: [desc(studySessions.heldAt), asc(studySessions.id)],
  year: (year) => beijingYearIs(studySessions.heldAt, year),
  within: (from, to) => instantWithin(studySessions.heldAt, from, to),
  present: withAttendance,
});

export function listSessions(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number; kind?: SessionKind } & Paging,
) {
  return sessions.list(ctx, query, query.kind && eq(studySessions.kind, query.kind));
}

export function getSession(ctx: ServiceContext, sessionId: number) {
  return sessions.get(ctx, sessionId);
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
  const after = await createRecord(
    ctx,
    sessionRecord,
    {
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
    },
    // The attendance is written before the record is reloaded for the audit.
    async (ctx, id) => {
      await writeAttendance(ctx, id, input.attendance ?? []);
      return getSession(ctx, id);
    },
  );
  return after;
}

export function updateSession(ctx: ServiceContext, sessionId: number, patch: SessionPatch) {
  return updateRecord(
    ctx,
    { ...sessionRecord, id: sessionId },
    getSession,
    async (before) => {
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
      return {
        kind: patch.kind,
        heldAt: patch.heldAt,
        title: patch.title,
        topics: patch.topics,
        firstTopic:
          kind === 'party-group' ? (patch.firstTopic ?? before.firstTopic ?? false) : null,
        lecturerId,
        lecturerName,
        attachmentIds: await patchAttachments(ctx, patch.attachmentIds),
      };
    },
    async () => {
      if (patch.attendance !== undefined) await writeAttendance(ctx, sessionId, patch.attendance);
    },
  );
}

export function deleteSession(ctx: ServiceContext, sessionId: number) {
  return deleteRecord(ctx, { ...sessionRecord, id: sessionId }, getSession);
}
