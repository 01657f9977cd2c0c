import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { requirePeople } from '../org/service.js';
import { people } from '../org/tables.js';
import { inSubtree, requireUnits } from '../platform/access.js';
import type { ServiceContext } from '../platform/context.js';
import type { Db } from '../platform/db.js';
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
import { authorize, type Policy, type PolicyRecord } from '../platform/policy.js';
import { units } from '../platform/tables.js';
import type { Paging } from '../platform/validation.js';
import { defineWorkflow, startRecord, transition } from '../platform/workflow.js';
import type {
  AssignmentInput,
  AssignmentPatch,
  LeadingGroupInput,
  LetterInput,
  LetterPatch,
  LetterSign,
  MeetingInput,
  MeetingPatch,
  ReportInput,
  ReportPatch,
} from './contract.js';
import {
  assignmentPolicy,
  leadingGroupPolicy,
  letterPolicy,
  meetingPolicy,
  reportPolicy,
} from './policy.js';
import {
  agendaMeetings,
  type LetterStatus,
  leadingGroupMembers,
  leadingGroups,
  letterStatuses,
  letterStatusLabels,
  type MeetingKind,
  type MemberDuty,
  memberDutyLabels,
  type ResponsibilityKind,
  responsibilityAssignments,
  responsibilityLetters,
  yearlyReports,
} from './tables.js';

/** A delete's load: the record within the scope (404), then the policy's rule for the action. */
function guarded<R extends PolicyRecord>(
  load: (ctx: ServiceContext, id: number) => Promise<R>,
  policy: Policy<R>,
  action: string,
) {
  return async (ctx: ServiceContext, id: number) => {
    const record = await load(ctx, id);
    await authorize(ctx, policy, action, record);
    return record;
  };
}

// ---------------------------------------------------------------- leading groups

async function presentGroup(tx: Db, group: typeof leadingGroups.$inferSelect) {
  const members = await tx
    .select({
      id: leadingGroupMembers.id,
      personId: leadingGroupMembers.personId,
      name: people.name,
      title: people.title,
      duty: leadingGroupMembers.duty,
    })
    .from(leadingGroupMembers)
    .innerJoin(people, eq(people.id, leadingGroupMembers.personId))
    .where(eq(leadingGroupMembers.groupId, group.id))
    .orderBy(asc(leadingGroupMembers.sort), asc(leadingGroupMembers.id));
  return {
    id: group.id,
    unitId: group.unitId,
    name: group.name,
    adjustedOn: group.adjustedOn,
    note: group.note,
    members: members.map((m) => ({ ...m, dutyLabel: memberDutyLabels[m.duty] })),
  };
}

const groups = ledgerReader({
  table: leadingGroups,
  idColumn: leadingGroups.id,
  unitColumn: leadingGroups.unitId,
  select: (ctx, where) => ctx.tx.select().from(leadingGroups).where(where),
  order: [asc(leadingGroups.unitId)],
  year: null,
  async present(ctx, rows) {
    const items = [];
    for (const row of rows) items.push(await presentGroup(ctx.tx, row));
    return items;
  },
});

export function listLeadingGroups(ctx: ServiceContext, query: { unitId?: number } & Paging) {
  return groups.list(ctx, query);
}

export function getLeadingGroup(ctx: ServiceContext, groupId: number) {
  return groups.get(ctx, groupId);
}

/** Sets up or adjusts (调整) a unit's leading group: the member list is replaced as a whole. */
export async function saveLeadingGroup(ctx: ServiceContext, input: LeadingGroupInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const personIds = input.members.map((m) => m.personId);
  if (new Set(personIds).size !== personIds.length) {
    throw fail('VALIDATION', ['字段 members：同一人员不能重复列入'], { field: 'members' });
  }
  await requirePeople(ctx, input.unitId, personIds, 'members');
  const [existing] = await ctx.tx
    .select()
    .from(leadingGroups)
    .where(eq(leadingGroups.unitId, input.unitId));
  const before = existing ? await presentGroup(ctx.tx, existing) : null;
  if (before) await authorize(ctx, leadingGroupPolicy, 'edit', before);
  const values = {
    name: input.name,
    adjustedOn: input.adjustedOn ?? null,
    note: input.note ?? '',
  };
  const [group] = existing
    ? await ctx.tx
        .update(leadingGroups)
        .set(values)
        .where(eq(leadingGroups.id, existing.id))
        .returning()
    : await ctx.tx
        .insert(leadingGroups)
        .values({ ...values, unitId: input.unitId, createdAt: ctx.clock.now() })
        .returning();
  await ctx.tx.delete(leadingGroupMembers).where(eq(leadingGroupMembers.groupId, group!.id));
  if (input.members.length) {
    await ctx.tx.insert(leadingGroupMembers).values(
      input.members.map((m, sort) => ({
        groupId: group!.id,
        unitId: input.unitId,
        personId: m.personId,
        duty: m.duty,
        sort,
      })),
    );
  }
  const after = await presentGroup(ctx.tx, group!);
  await ctx.audit({
    action: existing ? 'leading-group.update' : 'leading-group.create',
    entity: 'leading-group',
    entityId: after.id,
    unitId: after.unitId,
    before,
    after,
  });
  return after;
}

/** Every member of the leading groups the caller reaches, unit by unit in the group's order. */
export async function listGroupMembers(ctx: ServiceContext, query: { unitId?: number } = {}) {
  return ctx.tx
    .select({
      unitId: leadingGroupMembers.unitId,
      unitName: units.name,
      groupName: leadingGroups.name,
      personId: leadingGroupMembers.personId,
      name: people.name,
      duty: leadingGroupMembers.duty,
      sort: leadingGroupMembers.sort,
    })
    .from(leadingGroupMembers)
    .innerJoin(leadingGroups, eq(leadingGroups.id, leadingGroupMembers.groupId))
    .innerJoin(units, eq(units.id, leadingGroupMembers.unitId))
    .innerJoin(people, eq(people.id, leadingGroupMembers.personId))
    .where(
      and(
        ctx.scope.filter(leadingGroupMembers.unitId),
        query.unitId ? inSubtree(leadingGroupMembers.unitId, query.unitId) : undefined,
      ),
    )
    .orderBy(asc(units.path), asc(leadingGroupMembers.sort), asc(leadingGroupMembers.id));
}

/**
 * Adds members (with their order) to a unit's leading group, setting the group up under
 * `groupName` when the unit has none: the Excel import's path. Existing members stay.
 */
export async function addLeadingGroupMembers(
  ctx: ServiceContext,
  input: {
    unitId: number;
    groupName: string;
    members: { personId: number; duty: MemberDuty; sort: number }[];
  },
) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const personIds = input.members.map((m) => m.personId);
  await requirePeople(ctx, input.unitId, personIds, 'members');
  const [existing] = await ctx.tx
    .select()
    .from(leadingGroups)
    .where(eq(leadingGroups.unitId, input.unitId));
  const before = existing ? await presentGroup(ctx.tx, existing) : null;
  const taken = new Set([...(before?.members.map((m) => m.personId) ?? [])]);
  if (new Set(personIds).size !== personIds.length || personIds.some((p) => taken.has(p))) {
    throw fail('CONFLICT', ['同一人员不能重复列入领导小组'], { field: 'members' });
  }
  const group =
    existing ??
    (
      await ctx.tx
        .insert(leadingGroups)
        .values({ unitId: input.unitId, name: input.groupName, createdAt: ctx.clock.now() })
        .returning()
    )[0]!;
  if (input.members.length) {
    await ctx.tx.insert(leadingGroupMembers).values(
      input.members.map((m) => ({
        groupId: group.id,
        unitId: input.unitId,
        personId: m.personId,
        duty: m.duty,
        sort: m.sort,
      })),
    );
  }
  const after = await presentGroup(ctx.tx, group);
  await ctx.audit({
    action: existing ? 'leading-group.update' : 'leading-group.create',
    entity: 'leading-group',
    entityId: after.id,
    unitId: after.unitId,
    before,
    after,
  });
  return after;
}

/**
 * Members of each unit's leading group: the compliance engine requires one signed letter per
 * member per year. Units without a group are absent from the map.
 */
export async function leadingGroupMemberCounts(
  tx: Db,
  unitIds?: readonly number[],
): Promise<Map<number, number>> {
  const rows = await tx
    .select({ unitId: leadingGroupMembers.unitId, n: count() })
    .from(leadingGroupMembers)
    .where(unitIds ? inArray(leadingGroupMembers.unitId, [...unitIds]) : undefined)
    .groupBy(leadingGroupMembers.unitId);
  return new Map(rows.map((r) => [r.unitId, r.n]));
}

// ---------------------------------------------------------------- responsibility assignments

const assignmentColumns = {
  id: responsibilityAssignments.id,
  unitId: responsibilityAssignments.unitId,
  unitName: units.name,
  year: responsibilityAssignments.year,
  kind: responsibilityAssignments.kind,
  personId: responsibilityAssignments.personId,
  personName: people.name,
  holder: responsibilityAssignments.holder,
  fields: responsibilityAssignments.fields,
};

const assignmentRecord = {
  entity: 'responsibility-assignment',
  table: responsibilityAssignments,
  idColumn: responsibilityAssignments.id,
};
const assignments = ledgerReader({
  ...assignmentRecord,
  unitColumn: responsibilityAssignments.unitId,
  select: (ctx, where) =>
    ctx.tx
      .select(assignmentColumns)
      .from(responsibilityAssignments)
      .innerJoin(units, eq(units.id, responsibilityAssignments.unitId))
      .leftJoin(people, eq(people.id, responsibilityAssignments.personId))
      .where(where),
  order: [asc(units.path), desc(responsibilityAssignments.year), asc(responsibilityAssignments.id)],
  year: (year) => eq(responsibilityAssignments.year, year),
});

export function listAssignments(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number; kind?: ResponsibilityKind } & Paging,
) {
  return assignments.list(ctx, query, query.kind && eq(responsibilityAssignments.kind, query.kind));
}

export function getAssignment(ctx: ServiceContext, assignmentId: number) {
  return assignments.get(ctx, assignmentId);
}

function checkAssignmentHolder(kind: ResponsibilityKind, personId: number | null) {
  if (kind !== 'main' && personId === null) {
    throw fail('VALIDATION', ['字段 personId：第一责任人、直接责任和一岗双责须指定人员'], {
      field: 'personId',
    });
  }
}

export async function createAssignment(ctx: ServiceContext, input: AssignmentInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const personId = input.personId ?? null;
  checkAssignmentHolder(input.kind, personId);
  if (personId) await requirePeople(ctx, input.unitId, [personId], 'personId');
  return createRecord(
    ctx,
    assignmentRecord,
    {
      unitId: input.unitId,
      year: input.year,
      kind: input.kind,
      personId,
      holder: input.holder ?? (input.kind === 'main' ? '党组（党委）' : ''),
      fields: input.fields ?? '',
      createdAt: ctx.clock.now(),
    },
    getAssignment,
  );
}

export function updateAssignment(
  ctx: ServiceContext,
  assignmentId: number,
  patch: AssignmentPatch,
) {
  return updateRecord(
    ctx,
    { ...assignmentRecord, id: assignmentId },
    getAssignment,
    async (before) => {
      await authorize(ctx, assignmentPolicy, 'edit', before);
      const kind = patch.kind ?? before.kind;
      const personId = patch.personId === undefined ? before.personId : patch.personId;
      checkAssignmentHolder(kind, personId);
      if (personId && patch.personId !== undefined)
        await requirePeople(ctx, before.unitId, [personId], 'personId');
      return {
        year: patch.year,
        kind: patch.kind,
        personId,
        holder: patch.holder,
        fields: patch.fields,
      };
    },
  );
}

export function deleteAssignment(ctx: ServiceContext, assignmentId: number) {
  return deleteRecord(
    ctx,
    { ...assignmentRecord, id: assignmentId },
    guarded(getAssignment, assignmentPolicy, 'delete'),
  );
}

// ---------------------------------------------------------------- responsibility letters

const letterColumns = {
  id: responsibilityLetters.id,
  unitId: responsibilityLetters.unitId,
  unitName: units.name,
  year: responsibilityLetters.year,
  personId: responsibilityLetters.personId,
  personName: people.name,
  personTitle: people.title,
  status: responsibilityLetters.status,
  signedOn: responsibilityLetters.signedOn,
  attachmentIds: responsibilityLetters.attachmentIds,
  note: responsibilityLetters.note,
};

const letterRecord = {
  entity: 'responsibility-letter',
  table: responsibilityLetters,
  idColumn: responsibilityLetters.id,
};
const letters = ledgerReader({
  ...letterRecord,
  unitColumn: responsibilityLetters.unitId,
  select: (ctx, where) =>
    ctx.tx
      .select(letterColumns)
      .from(responsibilityLetters)
      .innerJoin(units, eq(units.id, responsibilityLetters.unitId))
      .innerJoin(people, eq(people.id, responsibilityLetters.personId))
      .where(where),
  order: [asc(units.path), desc(responsibilityLetters.year), asc(responsibilityLetters.id)],
  year: (year) => eq(responsibilityLetters.year, year),
});

export function listLetters(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number; status?: LetterStatus } & Paging,
) {
  return letters.list(ctx, query, query.status && eq(responsibilityLetters.status, query.status));
}

export function getLetter(ctx: ServiceContext, letterId: number) {
  return letters.get(ctx, letterId);
}

/**
 * The letter's lifecycle: issued (待签订) → signed (已签订) with the signing date and the signed
 * file; an editor may reopen a signed letter. State and history are the workflow's: the status
 * column is written only through `transition`, every step is a row of the letter's timeline.
 */
export const letterWorkflow = defineWorkflow<Letter, LetterStatus>({
  kind: 'responsibility-letter',
  label: '责任书',
  policy: letterPolicy,
  states: letterStatuses,
  stateLabels: letterStatusLabels,
  transitions: {
    sign: { from: ['pending'], to: 'signed', required: ['signedOn'] },
    reopen: { from: ['signed'], to: 'pending' },
  },
  load: getLetter,
  async write(ctx, letter, change) {
    const attachmentIds = change.data.attachmentIds as number[] | undefined;
    await ctx.tx
      .update(responsibilityLetters)
      .set(
        change.to === 'signed'
          ? { status: 'signed', signedOn: String(change.data.signedOn), attachmentIds }
          : { status: 'pending', signedOn: null },
      )
      .where(eq(responsibilityLetters.id, letter.id));
  },
});

type Letter = Awaited<ReturnType<typeof getLetter>>;

/** A signed letter has a signing date; a pending one has none. */
function letterState(status: LetterStatus, signedOn: string | null) {
  if (status === 'signed' && !signedOn)
    throw fail('VALIDATION', ['字段 signedOn：已签订的责任书须填写签订日期'], {
      field: 'signedOn',
    });
  return { status, signedOn: status === 'signed' ? signedOn : null };
}

async function assertLetterFree(
  ctx: ServiceContext,
  unitId: number,
  year: number,
  personId: number,
  exceptId = 0,
) {
  const [clash] = await ctx.tx
    .select({ id: responsibilityLetters.id })
    .from(responsibilityLetters)
    .where(
      and(
        eq(responsibilityLetters.unitId, unitId),
        eq(responsibilityLetters.year, year),
        eq(responsibilityLetters.personId, personId),
        sql`${responsibilityLetters.id} <> ${exceptId}`,
      ),
    );
  if (clash) throw fail('CONFLICT', [`该人员 ${year} 年度的责任书已存在`], { field: 'personId' });
}

export async function createLetter(ctx: ServiceContext, input: LetterInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  await requirePeople(ctx, input.unitId, [input.personId], 'personId');
  const state = letterState(input.status ?? 'pending', input.signedOn ?? null);
  const attachmentIds = await requireAttachments(ctx, input.attachmentIds ?? []);
  await assertLetterFree(ctx, input.unitId, input.year, input.personId);
  const letter = await createRecord(
    ctx,
    letterRecord,
    {
      unitId: input.unitId,
      year: input.year,
      personId: input.personId,
      ...state,
      attachmentIds,
      note: input.note ?? '',
      createdAt: ctx.clock.now(),
    },
    getLetter,
  );
  // A letter registered as already signed (a paper one, an import) starts its timeline signed.
  await startRecord(ctx, letterWorkflow, letter, {
    data: state.signedOn ? { signedOn: state.signedOn } : {},
  });
  return letter;
}

/**
 * Edits a letter's fields; a change of `status` is the workflow's `sign` or `reopen` transition
 * (with its own policy rule, timeline row and audit), taken after the other fields are saved.
 */
export async function updateLetter(ctx: ServiceContext, letterId: number, patch: LetterPatch) {
  const current = await getLetter(ctx, letterId);
  await authorize(ctx, letterPolicy, 'edit', current);
  const state = letterState(
    patch.status ?? current.status,
    patch.signedOn === undefined ? current.signedOn : patch.signedOn,
  );
  const moves = state.status !== current.status;
  const fieldsChange =
    patch.personId !== undefined ||
    patch.year !== undefined ||
    patch.note !== undefined ||
    patch.attachmentIds !== undefined ||
    (!moves && state.signedOn !== current.signedOn);
  let letter = current;
  if (fieldsChange) {
    letter = await updateRecord(
      ctx,
      { ...letterRecord, id: letterId },
      getLetter,
      async (before) => {
        const personId = patch.personId ?? before.personId;
        const year = patch.year ?? before.year;
        if (patch.personId !== undefined)
          await requirePeople(ctx, before.unitId, [personId], 'personId');
        if (patch.personId !== undefined || patch.year !== undefined)
          await assertLetterFree(ctx, before.unitId, year, personId, letterId);
        const attachmentIds = await patchAttachments(ctx, patch.attachmentIds);
        // The state is the workflow's; a signed letter's date may be corrected in place.
        const signedOn = moves ? undefined : state.signedOn;
        return { year, personId, signedOn, attachmentIds, note: patch.note };
      },
    );
  }
  if (!moves) return letter;
  return state.status === 'signed'
    ? transition(ctx, letterWorkflow, letterId, 'sign', { data: { signedOn: state.signedOn } })
    : transition(ctx, letterWorkflow, letterId, 'reopen');
}

/** The leader (or liaison) records the signing, with the signed scan attached. */
export async function signLetter(ctx: ServiceContext, letterId: number, input: LetterSign) {
  const attachmentIds =
    input.attachmentIds === undefined
      ? undefined
      : await requireAttachments(ctx, input.attachmentIds);
  return transition(ctx, letterWorkflow, letterId, 'sign', {
    data: { signedOn: input.signedOn, ...(attachmentIds ? { attachmentIds } : {}) },
  });
}

/** Issues a pending letter for the year to every leading-group member who has none yet. */
export async function issueLetters(ctx: ServiceContext, input: { unitId: number; year: number }) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const members = await ctx.tx
    .select({ personId: leadingGroupMembers.personId })
    .from(leadingGroupMembers)
    .where(eq(leadingGroupMembers.unitId, input.unitId))
    .orderBy(asc(leadingGroupMembers.sort));
  const existing = await ctx.tx
    .select({ personId: responsibilityLetters.personId })
    .from(responsibilityLetters)
    .where(
      and(
        eq(responsibilityLetters.unitId, input.unitId),
        eq(responsibilityLetters.year, input.year),
      ),
    );
  const have = new Set(existing.map((e) => e.personId));
  const created = [];
  for (const m of members) {
    if (have.has(m.personId)) continue;
    created.push(
      await createLetter(ctx, { unitId: input.unitId, year: input.year, personId: m.personId }),
    );
  }
  return { issued: created.length, items: created };
}

export function deleteLetter(ctx: ServiceContext, letterId: number) {
  return deleteRecord(
    ctx,
    { ...letterRecord, id: letterId },
    guarded(getLetter, letterPolicy, 'delete'),
  );
}

// ---------------------------------------------------------------- agenda meetings

const meetingColumns = {
  id: agendaMeetings.id,
  unitId: agendaMeetings.unitId,
  unitName: units.name,
  kind: agendaMeetings.kind,
  heldAt: agendaMeetings.heldAt,
  title: agendaMeetings.title,
  participants: agendaMeetings.participants,
  topics: agendaMeetings.topics,
  minutes: agendaMeetings.minutes,
  attachmentIds: agendaMeetings.attachmentIds,
};

const meetingRecord = {
  entity: 'agenda-meeting',
  table: agendaMeetings,
  idColumn: agendaMeetings.id,
};
const meetings = ledgerReader({
  ...meetingRecord,
  unitColumn: agendaMeetings.unitId,
  select: (ctx, where) =>
    ctx.tx
      .select(meetingColumns)
      .from(agendaMeetings)
      .innerJoin(units, eq(units.id, agendaMeetings.unitId))
      .where(where),
  order: [desc(agendaMeetings.heldAt), asc(agendaMeetings.id)],
  year: (year) => beijingYearIs(agendaMeetings.heldAt, year),
  within: (from, to) => instantWithin(agendaMeetings.heldAt, from, to),
});

export function listMeetings(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number; kind?: MeetingKind } & Paging,
) {
  return meetings.list(ctx, query, query.kind && eq(agendaMeetings.kind, query.kind));
}

export function getMeeting(ctx: ServiceContext, meetingId: number) {
  return meetings.get(ctx, meetingId);
}

export async function createMeeting(ctx: ServiceContext, input: MeetingInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const attachmentIds = await requireAttachments(ctx, input.attachmentIds ?? []);
  return createRecord(
    ctx,
    meetingRecord,
    {
      unitId: input.unitId,
      kind: input.kind,
      heldAt: input.heldAt,
      title: input.title,
      participants: input.participants ?? [],
      topics: input.topics ?? '',
      minutes: input.minutes ?? '',
      attachmentIds,
      createdAt: ctx.clock.now(),
    },
    getMeeting,
  );
}

export function updateMeeting(ctx: ServiceContext, meetingId: number, patch: MeetingPatch) {
  return updateRecord(ctx, { ...meetingRecord, id: meetingId }, getMeeting, async (before) => {
    await authorize(ctx, meetingPolicy, 'edit', before);
    return {
      kind: patch.kind,
      heldAt: patch.heldAt,
      title: patch.title,
      participants: patch.participants,
      topics: patch.topics,
      minutes: patch.minutes,
      attachmentIds: await patchAttachments(ctx, patch.attachmentIds),
    };
  });
}

export function deleteMeeting(ctx: ServiceContext, meetingId: number) {
  return deleteRecord(
    ctx,
    { ...meetingRecord, id: meetingId },
    guarded(getMeeting, meetingPolicy, 'delete'),
  );
}

// ---------------------------------------------------------------- yearly reports

const reportColumns = {
  id: yearlyReports.id,
  unitId: yearlyReports.unitId,
  unitName: units.name,
  year: yearlyReports.year,
  title: yearlyReports.title,
  submittedOn: yearlyReports.submittedOn,
  attachmentIds: yearlyReports.attachmentIds,
};

const reportRecord = { entity: 'yearly-report', table: yearlyReports, idColumn: yearlyReports.id };
const reports = ledgerReader({
  ...reportRecord,
  unitColumn: yearlyReports.unitId,
  select: (ctx, where) =>
    ctx.tx
      .select(reportColumns)
      .from(yearlyReports)
      .innerJoin(units, eq(units.id, yearlyReports.unitId))
      .where(where),
  order: [asc(units.path), desc(yearlyReports.year)],
  year: (year) => eq(yearlyReports.year, year),
});

export function listReports(
  ctx: ServiceContext,
  query: { unitId?: number; year?: number } & Paging,
) {
  return reports.list(ctx, query);
}

export function getReport(ctx: ServiceContext, reportId: number) {
  return reports.get(ctx, reportId);
}

async function assertReportFree(ctx: ServiceContext, unitId: number, year: number, exceptId = 0) {
  const [clash] = await ctx.tx
    .select({ id: yearlyReports.id })
    .from(yearlyReports)
    .where(
      and(
        eq(yearlyReports.unitId, unitId),
        eq(yearlyReports.year, year),
        sql`${yearlyReports.id} <> ${exceptId}`,
      ),
    );
  if (clash) throw fail('CONFLICT', [`${year} 年度的报告已存在`], { field: 'year' });
}

export async function createReport(ctx: ServiceContext, input: ReportInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const attachmentIds = await requireAttachments(ctx, input.attachmentIds ?? []);
  await assertReportFree(ctx, input.unitId, input.year);
  return createRecord(
    ctx,
    reportRecord,
    {
      unitId: input.unitId,
      year: input.year,
      title: input.title ?? '',
      submittedOn: input.submittedOn,
      attachmentIds,
      createdAt: ctx.clock.now(),
    },
    getReport,
  );
}

export function updateReport(ctx: ServiceContext, reportId: number, patch: ReportPatch) {
  return updateRecord(ctx, { ...reportRecord, id: reportId }, getReport, async (before) => {
    await authorize(ctx, reportPolicy, 'edit', before);
    if (patch.year !== undefined) await assertReportFree(ctx, before.unitId, patch.year, reportId);
    return {
      year: patch.year,
      title: patch.title,
      submittedOn: patch.submittedOn,
      attachmentIds: await patchAttachments(ctx, patch.attachmentIds),
    };
  });
}

export function deleteReport(ctx: ServiceContext, reportId: number) {
  return deleteRecord(
    ctx,
    { ...reportRecord, id: reportId },
    guarded(getReport, reportPolicy, 'delete'),
  );
}
