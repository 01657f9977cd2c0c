// Lectures and forums approved before they happen (报告会、论坛、讲座审批). The organiser unit
// registers the event and submits it; the unit leader approves it, and an event with an outside
// speaker goes on to the committee. The lifecycle runs on the platform workflow (timeline, audit,
// notices in one transaction); an event whose time passes without approval is a finding
// (未经审批) that a daily job opens as a rectification closed by the committee's acceptance.
import { and, asc, desc, eq, lte, ne, type SQL } from 'drizzle-orm';
import { inSubtree, requireUnits } from '../platform/access.js';
import { type ServiceContext, systemContext } from '../platform/context.js';
import type { RoleName } from '../platform/contract.js';
import { fail } from '../platform/errors.js';
import { requireAttachments } from '../platform/files.js';
import { defineJob, defineSchedule } from '../platform/jobs.js';
import { pagedList } from '../platform/ledger.js';
import { defineNotificationKind, notify } from '../platform/notifications.js';
import { authorize, definePolicy, presentOne, withAllowed } from '../platform/policy.js';
import { defineRectificationSource, openRectification } from '../platform/rectification.js';
import { units } from '../platform/tables.js';
import { defineWorkflow, startRecord, transition } from '../platform/workflow.js';
import {
  type LectureAction,
  type LectureDecision,
  type LectureInput,
  type LectureListQuery,
  type LecturePatch,
  type LectureStatus,
  lectureActionLabels,
  lectureKindLabels,
  lectureStatuses,
  lectureStatusLabels,
  UNAPPROVED_CODE,
  UNAPPROVED_LABEL,
} from './lecture-contract.js';
import { positionReaders } from './policy.js';
import { beijingDay } from './service.js';
import { lectureRequests, positions } from './tables.js';

export const LECTURE = 'lecture-request';
export const LECTURE_SOURCE = 'lecture-approval';
export const UNAPPROVED_JOB = 'positions.unapproved-lectures';

/** Who organises events: the unit's liaison or leader, and the committee admin. */
export const lectureOrganisers: readonly RoleName[] = [
  'committee_admin',
  'unit_liaison',
  'unit_leader',
];

defineRectificationSource(LECTURE_SOURCE, {
  label: '报告会论坛审批',
  closedBy: 'acceptance',
  dueDays: 15,
  codeLabels: { [UNAPPROVED_CODE]: UNAPPROVED_LABEL },
});
defineNotificationKind(`${LECTURE}.decided`, { label: '报告会审批结果', tone: 'success' });
defineNotificationKind(`${LECTURE}.returned`, { label: '报告会审批退回', tone: 'error' });

type Row = typeof lectureRequests.$inferSelect;

function present(row: Row & { unitName: string | null }, now: Date) {
  const past = row.startsAt.getTime() <= now.getTime();
  return {
    id: row.id,
    unitId: row.unitId,
    unitName: row.unitName ?? '',
    positionId: row.positionId,
    kind: row.kind,
    kindLabel: lectureKindLabels[row.kind],
    topic: row.topic,
    speaker: row.speaker,
    speakerAffiliation: row.speakerAffiliation,
    outsideSpeaker: row.outsideSpeaker,
    audience: row.audience,
    audienceSize: row.audienceSize,
    startsAt: row.startsAt.toISOString(),
    place: row.place,
    attachmentIds: row.attachmentIds,
    status: row.status as LectureStatus,
    statusLabel: lectureStatusLabels[row.status],
    reason: row.reason,
    createdBy: row.createdBy,
    submittedBy: row.submittedBy,
    createdAt: row.createdAt.toISOString(),
    /** The event's time has come. */
    past,
    /** Held (or due) without approval: the 未经审批 finding. */
    unapproved: past && row.status !== 'approved',
  };
}
export type Lecture = ReturnType<typeof present>;

const tooLate = (r: Lecture) => (r.past ? '活动时间已过，不能再审批（已列为未经审批）' : null);

export const lecturePolicy = definePolicy<Lecture, LectureAction>({
  kind: LECTURE,
  read: positionReaders,
  actions: {
    edit: { roles: lectureOrganisers, states: ['draft', 'returned'] },
    submit: {
      roles: lectureOrganisers,
      check: (r) => (r.past ? '活动时间已过，不能再提交审批' : null),
    },
    approve: {
      roles: ['unit_leader'],
      notSameAs: ['submit'],
      check: (r) =>
        r.outsideSpeaker ? '外请报告人须报工委审批：请选择「同意并报工委审批」' : tooLate(r),
    },
    forward: {
      roles: ['unit_leader'],
      notSameAs: ['submit'],
      check: (r) =>
        r.outsideSpeaker ? tooLate(r) : '本单位报告人由单位领导审批即可：请选择「审批通过」',
    },
    'committee-approve': {
      roles: ['committee_admin'],
      notSameAs: ['submit'],
      check: tooLate,
    },
    reject: { roles: ['unit_leader', 'committee_admin'], notSameAs: ['submit'] },
  },
  actionLabels: lectureActionLabels,
  stateLabels: lectureStatusLabels,
});

const selectLecture = (ctx: ServiceContext) =>
  ctx.tx
    .select({ row: lectureRequests, unitName: units.name })
    .from(lectureRequests)
    .leftJoin(units, eq(units.id, lectureRequests.unitId));

/** One event within the caller's scope (404 outside it). */
export async function loadLecture(ctx: ServiceContext, id: number): Promise<Lecture> {
  const [found] = await selectLecture(ctx).where(
    and(eq(lectureRequests.id, id), ctx.scope.filter(lectureRequests.unitId)),
  );
  if (!found) throw fail('NOT_FOUND');
  return present({ ...found.row, unitName: found.unitName }, ctx.clock.now());
}

export const lectureWorkflow = defineWorkflow<Lecture, LectureStatus>({
  kind: LECTURE,
  label: '报告会论坛审批',
  policy: lecturePolicy,
  states: lectureStatuses,
  stateLabels: lectureStatusLabels,
  actionLabels: lectureActionLabels,
  transitions: {
    submit: { from: ['draft', 'returned'], to: 'submitted' },
    approve: { from: ['submitted'], to: 'approved' },
    forward: { from: ['submitted'], to: 'unit-approved' },
    'committee-approve': { from: ['unit-approved'], to: 'approved' },
    reject: { from: ['submitted', 'unit-approved'], to: 'returned', required: ['reason'] },
  },
  // The next approver hears of a submission; decisions go to the submitter (decide() below).
  notify: {
    submit: {
      roles: ['unit_leader'],
      title: (r) => `【报告会审批】${r.unitName}：${r.topic}`,
      link: (r) => `/positions/lectures?id=${r.id}`,
    },
    forward: {
      roles: ['committee_admin'],
      title: (r) => `【报告会审批·外请报告人】${r.unitName}：${r.topic}`,
      link: (r) => `/positions/lectures?id=${r.id}`,
    },
  },
  load: loadLecture,
  async write(ctx, record, change) {
    const reason = typeof change.data.reason === 'string' ? change.data.reason : '';
    await ctx.tx
      .update(lectureRequests)
      .set({
        status: change.to,
        reason: change.action === 'submit' ? '' : reason,
        ...(change.action === 'submit' ? { submittedBy: ctx.user?.id ?? null } : {}),
      })
      .where(eq(lectureRequests.id, record.id));
  },
});

async function requirePosition(ctx: ServiceContext, unitId: number, positionId?: number | null) {
  if (!positionId) return null;
  const [p] = await ctx.tx
    .select({ id: positions.id, kind: positions.kind })
    .from(positions)
    .where(and(eq(positions.id, positionId), eq(positions.unitId, unitId)));
  if (!p || (p.kind !== 'lecture' && p.kind !== 'forum')) {
    throw fail('VALIDATION', ['字段 positionId：须为本单位登记的报告会或论坛阵地'], {
      field: 'positionId',
    });
  }
  return p.id;
}

export async function createLecture(ctx: ServiceContext, input: LectureInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const positionId = await requirePosition(ctx, input.unitId, input.positionId);
  const attachmentIds = await requireAttachments(ctx, input.attachmentIds ?? []);
  const [row] = await ctx.tx
    .insert(lectureRequests)
    .values({
      unitId: input.unitId,
      positionId,
      kind: input.kind,
      topic: input.topic,
      speaker: input.speaker,
      speakerAffiliation: input.speakerAffiliation ?? '',
      outsideSpeaker: input.outsideSpeaker,
      audience: input.audience ?? '',
      audienceSize: input.audienceSize ?? 0,
      startsAt: input.startsAt,
      place: input.place ?? '',
      attachmentIds,
      status: 'draft',
      createdBy: ctx.user?.id ?? null,
      createdAt: ctx.clock.now(),
    })
    .returning();
  const created = await loadLecture(ctx, row!.id);
  await startRecord(ctx, lectureWorkflow, created);
  await ctx.audit({
    action: `${LECTURE}.create`,
    entity: LECTURE,
    entityId: created.id,
    unitId: created.unitId,
    after: created,
  });
  return presentOne(ctx, lecturePolicy, created);
}

export async function updateLecture(ctx: ServiceContext, id: number, patch: LecturePatch) {
  const before = await loadLecture(ctx, id);
  await authorize(ctx, lecturePolicy, 'edit', before);
  const positionId =
    patch.positionId === undefined
      ? undefined
      : await requirePosition(ctx, before.unitId, patch.positionId);
  const attachmentIds =
    patch.attachmentIds === undefined
      ? undefined
      : await requireAttachments(ctx, patch.attachmentIds);
  await ctx.tx
    .update(lectureRequests)
    .set({ ...patch, positionId, attachmentIds })
    .where(eq(lectureRequests.id, id));
  const after = await loadLecture(ctx, id);
  await ctx.audit({
    action: `${LECTURE}.update`,
    entity: LECTURE,
    entityId: id,
    unitId: before.unitId,
    before,
    after,
  });
  return presentOne(ctx, lecturePolicy, after);
}

const transitionActions = new Set(['submit', 'approve', 'forward', 'committee-approve', 'reject']);

/**
 * One step of the lifecycle (submit or a decision) with its reason. The submitter hears of a
 * final approval or a return; the next approver of a submission or a forward (the workflow).
 */
export async function decide(
  ctx: ServiceContext,
  id: number,
  action: string,
  input: LectureDecision,
) {
  if (!transitionActions.has(action)) throw fail('NOT_FOUND');
  const reason = input.reason?.trim() ?? '';
  const after = await transition(ctx, lectureWorkflow, id, action, {
    comment: reason,
    data: reason ? { reason } : {},
  });
  if (after.submittedBy && (after.status === 'approved' || after.status === 'returned')) {
    const approved = after.status === 'approved';
    await notify(
      ctx,
      { userIds: [after.submittedBy] },
      `${LECTURE}.${approved ? 'decided' : 'returned'}`,
      {
        entity: LECTURE,
        id: after.id,
        unitId: after.unitId,
        title: `【报告会审批】${after.topic}：${approved ? '已批准' : '已退回'}`,
        body: reason ? `${approved ? '意见' : '退回理由'}：${reason}` : '',
        link: `/positions/lectures?id=${after.id}`,
      },
    );
  }
  return presentOne(ctx, lecturePolicy, after);
}

export async function getLecture(ctx: ServiceContext, id: number) {
  return presentOne(ctx, lecturePolicy, await loadLecture(ctx, id));
}

export async function listLectures(ctx: ServiceContext, query: LectureListQuery) {
  const now = ctx.clock.now();
  const conditions: (SQL | undefined)[] = [
    query.unitId ? inSubtree(lectureRequests.unitId, query.unitId) : undefined,
    query.status ? eq(lectureRequests.status, query.status) : undefined,
  ];
  if (query.unapproved === 'true') {
    conditions.push(lte(lectureRequests.startsAt, now), ne(lectureRequests.status, 'approved'));
  }
  const where = and(...conditions);
  const page = await pagedList(ctx, {
    table: lectureRequests,
    unitColumn: lectureRequests.unitId,
    where,
    query,
    rows: ({ limit, offset }) =>
      selectLecture(ctx)
        .where(and(ctx.scope.filter(lectureRequests.unitId), where))
        .orderBy(desc(lectureRequests.startsAt), desc(lectureRequests.id))
        .limit(limit)
        .offset(offset),
  });
  const items = page.items.map((r) => present({ ...r.row, unitName: r.unitName }, now));
  return { total: page.total, items: await withAllowed(ctx, lecturePolicy, items) };
}

// ------------------------------------------------------------------ the daily finding

/**
 * Opens a 未经审批 rectification for every event whose time has passed without approval (as the
 * system, over the whole tree). Idempotent: the rectification is keyed by the event, so a second
 * run meets the one already open.
 */
export async function flagUnapproved(ctx: ServiceContext) {
  const now = ctx.clock.now();
  const rows = await ctx.tx
    .select()
    .from(lectureRequests)
    .where(
      and(
        ctx.scope.filter(lectureRequests.unitId),
        lte(lectureRequests.startsAt, now),
        ne(lectureRequests.status, 'approved'),
      ),
    )
    .orderBy(asc(lectureRequests.id));
  const outcomes: Record<string, number> = { opened: 0, reopened: 0, kept: 0 };
  for (const row of rows) {
    const kind = lectureKindLabels[row.kind];
    const { outcome } = await openRectification(ctx, {
      source: LECTURE_SOURCE,
      subject: { entity: LECTURE, id: row.id },
      unitId: row.unitId,
      code: UNAPPROVED_CODE,
      title: `${kind}「${row.topic}」未经审批即举行（${beijingDay(row.startsAt)}）`,
      finding: {
        lectureId: row.id,
        topic: row.topic,
        speaker: row.speaker,
        outsideSpeaker: row.outsideSpeaker,
        startsAt: row.startsAt.toISOString(),
        status: lectureStatusLabels[row.status],
      },
    });
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return { found: rows.length, ...outcomes };
}

export const unapprovedJob = defineJob(
  UNAPPROVED_JOB,
  (job) =>
    job.db.transaction((tx) => flagUnapproved(systemContext(tx, job.clock, '报告会审批检查'))),
  { policy: 'stately', retryLimit: 2, expireInSeconds: 10 * 60, label: '未经审批报告会检查' },
);
/** Daily at 00:30 Beijing: yesterday's events are settled by then. */
export const unapprovedSchedule = defineSchedule(UNAPPROVED_JOB, '30 0 * * *');
