/**
 * Rectification (整改): one record type any module opens from a finding — a site check's dead
 * link, an inspector's remark, a risk review. The finding's own fields are kept as data; the
 * record has an owner unit, a deadline, the unit's report with evidence (attachments), and a
 * status run by the platform's workflow mechanism:
 *
 *   open ──report──▶ done ──accept──▶ closed        (a source closed by acceptance)
 *     ▲                │ reject ▲
 *     └────────────────┘        │
 *   open / done ──clear──▶ closed                    (a source closed by re-check)
 *   closed ──reopen──▶ open                          (the finding returns)
 *   done ──reopen──▶ open                            (a re-check still finds what was reported done)
 *
 * Each source declares how its records close (`defineRectificationSource`): `recheck` — only
 * when a later check of the same subject no longer finds it (`reconcileRectifications`);
 * `acceptance` — by a reviewer's verdict (`giveVerdict`). (source, subject, code, target) is
 * unique, so repeated checks meet the open record instead of opening another. Every state change
 * goes through `transition()` (platform/workflow.ts): timeline row, audit and notice in the
 * caller's one transaction.
 */
import { and, desc, eq, inArray, notInArray, type SQL, sql } from 'drizzle-orm';
import { inSubtree, requireUnits } from './access.js';
import type { ServiceContext } from './context.js';
import type { RoleName } from './contract.js';
import { fail } from './errors.js';
import { getAttachment, requireAttachments } from './files.js';
import { defineNotificationKind, notify, sequential } from './notifications.js';
import { allowedActions, allowedActionsOf, definePolicy } from './policy.js';
import {
  type RectificationStatus,
  rectificationStatuses,
  rectifications,
} from './rectification-tables.js';
import { units } from './tables.js';
import { paging } from './validation.js';
import { defineWorkflow, startRecord, transition } from './workflow.js';

export { type RectificationStatus, rectificationStatuses };

export const RECTIFICATION = 'rectification';
const DAY_MS = 86_400_000;

export const rectificationStatusLabels: Record<RectificationStatus, string> = {
  open: '待整改',
  done: '已整改待验证',
  closed: '已销号',
};

// ------------------------------------------------------------------ sources and their verdicts

export interface RectificationSource {
  /** Chinese name of the opening module, e.g. 网站检查. */
  label: string;
  /**
   * The verdict that closes its records: `recheck` — a later check that no longer finds it;
   * `acceptance` — a reviewer (committee admin or inspector) accepts the unit's report.
   */
  closedBy: 'recheck' | 'acceptance';
  /** Deadline when the opener gives none: this many days after opening. */
  dueDays: number;
  /** Chinese names of the finding codes, for lists and notices. */
  codeLabels?: Record<string, string>;
}

const sources = new Map<string, RectificationSource>();

export function defineRectificationSource(source: string, info: RectificationSource) {
  sources.set(source, info);
}

export function rectificationSource(source: string): RectificationSource {
  const info = sources.get(source);
  if (!info) throw new Error(`rectification source ${source} is not defined`);
  return info;
}

/** The committee's own directives (督办): opened by hand, closed when the committee accepts. */
defineRectificationSource('committee', {
  label: '工委督办',
  closedBy: 'acceptance',
  dueDays: 15,
  codeLabels: { directive: '督办事项' },
});

defineNotificationKind('rectification.open', { label: '整改', tone: 'warning' });
defineNotificationKind('rectification.reopen', { label: '整改重开', tone: 'error' });
defineNotificationKind('rectification.report', { label: '整改待验证', tone: 'info' });
defineNotificationKind('rectification.accept', { label: '整改销号', tone: 'success' });
defineNotificationKind('rectification.reject', { label: '整改退回', tone: 'error' });
defineNotificationKind('rectification.clear', { label: '整改销号', tone: 'success' });

// ------------------------------------------------------------------ the lifecycle

type Row = typeof rectifications.$inferSelect;
export interface RectificationRecord extends Row {
  status: RectificationStatus;
}

const unitRoles: readonly RoleName[] = ['unit_liaison', 'unit_leader'];
const reviewerRoles: readonly RoleName[] = ['committee_admin', 'inspector'];
export const rectificationReaders: readonly RoleName[] = [
  'committee_admin',
  'inspector',
  'unit_liaison',
  'unit_leader',
];
// Re-checks run as the system (jobs) or in the request of whoever started the check.
const checkerRoles: readonly RoleName[] = rectificationReaders;

const acceptanceOnly = (record: Row) =>
  sources.get(record.source)?.closedBy === 'recheck'
    ? '此整改由复查结果销号：复查不再发现该问题时自动关闭'
    : null;

export const rectificationPolicy = definePolicy<RectificationRecord>({
  kind: RECTIFICATION,
  read: rectificationReaders,
  actions: {
    report: { roles: unitRoles },
    accept: { roles: reviewerRoles, check: acceptanceOnly },
    reject: { roles: reviewerRoles, check: acceptanceOnly },
    clear: { roles: checkerRoles },
    reopen: { roles: checkerRoles },
  },
  actionLabels: {
    report: '报告整改完成',
    accept: '验收销号',
    reject: '退回重改',
    clear: '复查销号',
    reopen: '重新打开',
  },
});

/** The actions a person takes through the routes; `clear` and `reopen` belong to re-checks. */
const userActions = new Set(['report', 'accept', 'reject']);
const usable = (actions: string[]) => actions.filter((a) => userActions.has(a));

async function loadRecord(ctx: ServiceContext, id: number): Promise<RectificationRecord> {
  const [row] = await ctx.tx
    .select()
    .from(rectifications)
    .where(and(eq(rectifications.id, id), ctx.scope.filter(rectifications.unitId)));
  if (!row) throw fail('NOT_FOUND');
  return row as RectificationRecord;
}

/** What each transition writes besides the status (the one place the row's state changes). */
async function writeTransition(
  ctx: ServiceContext,
  record: RectificationRecord,
  change: { action: string; to: RectificationStatus; data: Record<string, unknown> },
) {
  const now = ctx.clock.now();
  const by = ctx.user?.id ?? null;
  const d = change.data;
  const set: Partial<typeof rectifications.$inferInsert> = { status: change.to };
  if (change.action === 'report') {
    Object.assign(set, {
      reportNote: String(d.note),
      evidenceIds: d.evidenceIds as number[],
      reportedAt: now,
      reportedBy: by,
    });
  } else if (change.action === 'accept' || change.action === 'clear') {
    Object.assign(set, {
      closedAt: now,
      closedBy: by,
      verdict: change.action === 'accept' ? 'accepted' : 'recheck-clear',
      verdictComment: String(d.comment ?? ''),
    });
  } else if (change.action === 'reject') {
    Object.assign(set, { verdict: 'rejected', verdictComment: String(d.comment) });
  } else if (change.action === 'reopen') {
    Object.assign(set, {
      closedAt: null,
      closedBy: null,
      verdict: '',
      verdictComment: '',
      reopenCount: record.reopenCount + 1,
      dueAt: new Date(String(d.dueAt)),
      lastSeenAt: now,
      ...(d.finding ? { finding: d.finding } : {}),
    });
  }
  await ctx.tx.update(rectifications).set(set).where(eq(rectifications.id, record.id));
}

export const rectificationWorkflow = defineWorkflow<RectificationRecord, RectificationStatus>({
  kind: RECTIFICATION,
  label: '整改',
  policy: rectificationPolicy,
  states: rectificationStatuses,
  stateLabels: rectificationStatusLabels,
  transitions: {
    report: { from: ['open'], to: 'done', required: ['note'] },
    accept: { from: ['done'], to: 'closed' },
    reject: { from: ['done'], to: 'open', required: ['comment'] },
    clear: { from: ['open', 'done'], to: 'closed' },
    // From done too: a unit reported it fixed, but the source's re-check still finds it.
    reopen: { from: ['closed', 'done'], to: 'open', required: ['dueAt'] },
  },
  load: loadRecord,
  write: (ctx, record, change) => writeTransition(ctx, record, change),
});

// ------------------------------------------------------------------ presenting

export function presentRectification(row: Row & { unitName?: string }) {
  const source = sources.get(row.source);
  const finding = (row.finding ?? {}) as Record<string, unknown>;
  return {
    // The finding's own fields first (target, column, text, …); the record's own win on a clash.
    ...finding,
    id: row.id,
    source: row.source,
    sourceLabel: source?.label ?? row.source,
    closedBy: source?.closedBy ?? 'acceptance',
    subject: { entity: row.subjectEntity, id: row.subjectId },
    code: row.code,
    codeLabel: source?.codeLabels?.[row.code] ?? row.code,
    target: row.target,
    title: row.title,
    finding,
    unitId: row.unitId,
    unitName: row.unitName ?? '',
    status: row.status as RectificationStatus,
    statusLabel: rectificationStatusLabels[row.status as RectificationStatus],
    dueAt: row.dueAt.toISOString(),
    openedAt: row.openedAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    reportNote: row.reportNote,
    evidenceIds: row.evidenceIds,
    reportedAt: row.reportedAt?.toISOString() ?? null,
    verdict: row.verdict,
    verdictComment: row.verdictComment,
    closedAt: row.closedAt?.toISOString() ?? null,
    reopenCount: row.reopenCount,
  };
}

export type PresentedRectification = ReturnType<typeof presentRectification> & {
  overdue: boolean;
};

function withOverdue(ctx: ServiceContext, row: Row & { unitName?: string }) {
  const presented = presentRectification(row);
  return {
    ...presented,
    overdue: row.status !== 'closed' && row.dueAt.getTime() < ctx.clock.now().getTime(),
  };
}

// ------------------------------------------------------------------ opening and re-checks

export interface FindingInput {
  code: string;
  /** What it points at (URL, column, …); '' when the code says it all. */
  target?: string;
  /** One-line Chinese summary shown in lists and notices. */
  title: string;
  /** The finding's own fields as the source describes them (target, column, text, …). */
  finding?: Record<string, unknown>;
  /** This finding's deadline when it opens (e.g. by severity); else the caller's or the source's. */
  dueAt?: Date;
}

export interface OpenInput extends FindingInput {
  source: string;
  /** The record the finding is about, e.g. `{ entity: 'position', id: 12 }`. */
  subject?: { entity: string; id: string | number };
  unitId: number;
  dueAt?: Date;
}

export interface OpenResult {
  rectification: PresentedRectification;
  /**
   * `opened` — new; `reopened` — a closed one found again (or, for a re-check source, one reported
   * done); `kept` — already open (or done, for an acceptance source).
   */
  outcome: 'opened' | 'reopened' | 'kept';
}

function notifyUnit(ctx: ServiceContext, kind: string, row: Row, title: string, body = '') {
  return notify(ctx, { roles: unitRoles, unitId: row.unitId }, kind, {
    entity: RECTIFICATION,
    id: row.id,
    unitId: row.unitId,
    title,
    body,
    link: `/rectifications?id=${row.id}`,
  });
}

const dueText = (at: Date) =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '.');

/**
 * Opens a rectification for a finding (or meets the one already open for it): deduplicated by
 * (source, subject, code, target). A closed one whose finding returns is reopened with a new
 * deadline. Runs in the caller's transaction; audited; the unit's liaisons and leaders are told.
 */
export async function openRectification(
  ctx: ServiceContext,
  input: OpenInput,
): Promise<OpenResult> {
  const source = rectificationSource(input.source);
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const now = ctx.clock.now();
  const dueAt = input.dueAt ?? new Date(now.getTime() + source.dueDays * DAY_MS);
  const key = {
    source: input.source,
    subjectEntity: input.subject?.entity ?? '',
    subjectId: input.subject ? String(input.subject.id) : '',
    code: input.code,
    target: input.target ?? '',
  };
  const [inserted] = await ctx.tx
    .insert(rectifications)
    .values({
      ...key,
      title: input.title,
      finding: input.finding ?? {},
      unitId: input.unitId,
      status: 'open',
      dueAt,
      openedAt: now,
      openedBy: ctx.user?.id ?? null,
      lastSeenAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (inserted) {
    const record = inserted as RectificationRecord;
    await startRecord(ctx, rectificationWorkflow, record, {
      data: { source: key.source, code: key.code, target: key.target },
    });
    await ctx.audit({
      action: 'rectification.open',
      entity: RECTIFICATION,
      entityId: record.id,
      unitId: record.unitId,
      after: presentRectification(record),
    });
    await notifyUnit(
      ctx,
      'rectification.open',
      record,
      `【整改】${record.title}`,
      `来源：${source.label}；请于 ${dueText(dueAt)} 前完成整改并上传佐证材料。`,
    );
    return { rectification: withOverdue(ctx, record), outcome: 'opened' };
  }
  const [existing] = await ctx.tx
    .select()
    .from(rectifications)
    .where(
      and(
        eq(rectifications.source, key.source),
        eq(rectifications.subjectEntity, key.subjectEntity),
        eq(rectifications.subjectId, key.subjectId),
        eq(rectifications.code, key.code),
        eq(rectifications.target, key.target),
      ),
    );
  if (!existing) throw new Error('rectification vanished between insert and select');
  if (existing.unitId !== input.unitId) await requireUnits(ctx.tx, ctx.scope, [existing.unitId]);
  // A closed record whose finding returns reopens; so does one the unit reported done when the
  // source closes by re-check: the check that still finds it is the verdict on that report.
  if (
    existing.status === 'closed' ||
    (existing.status === 'done' && source.closedBy === 'recheck')
  ) {
    const wasDone = existing.status === 'done';
    const after = await transition(ctx, rectificationWorkflow, existing.id, 'reopen', {
      comment: wasDone ? '复查仍发现该问题，整改未完成' : '',
      data: { dueAt: dueAt.toISOString(), finding: input.finding ?? existing.finding },
    });
    await notifyUnit(
      ctx,
      'rectification.reopen',
      after,
      `【整改重开】${after.title}`,
      wasDone
        ? `单位已报告整改完成，但${source.label}复查仍发现该问题；请于 ${dueText(dueAt)} 前重新整改。`
        : `${source.label}再次发现该问题；请于 ${dueText(dueAt)} 前完成整改。`,
    );
    return { rectification: withOverdue(ctx, after), outcome: 'reopened' };
  }
  // Still there: only "last seen" moves (bookkeeping, audited with the re-check as a whole).
  const [seen] = await ctx.tx
    .update(rectifications)
    .set({ lastSeenAt: now, finding: input.finding ?? existing.finding })
    .where(eq(rectifications.id, existing.id))
    .returning();
  return { rectification: withOverdue(ctx, seen!), outcome: 'kept' };
}

export interface RecheckResult {
  opened: number[];
  reopened: number[];
  kept: number[];
  /** Closed by this re-check: open or done before, no longer found. */
  closed: number[];
}

/**
 * The `recheck` verdict: a source's later check of one subject reports everything it finds now.
 * Findings not yet open are opened (or reopened); open or done ones it no longer finds are
 * closed (`clear`). A check that found nothing closes all of the subject's open records. One
 * audit record sums the re-check up; each open/close is audited by its own transition.
 */
export async function reconcileRectifications(
  ctx: ServiceContext,
  input: {
    source: string;
    subject: { entity: string; id: string | number };
    unitId: number;
    findings: readonly FindingInput[];
    dueAt?: Date;
  },
): Promise<RecheckResult> {
  const result: RecheckResult = { opened: [], reopened: [], kept: [], closed: [] };
  const foundKeys = new Set<string>();
  for (const finding of input.findings) {
    const { rectification, outcome } = await openRectification(ctx, {
      ...finding,
      source: input.source,
      subject: input.subject,
      unitId: input.unitId,
      dueAt: finding.dueAt ?? input.dueAt,
    });
    result[outcome].push(rectification.id);
    foundKeys.add(JSON.stringify([finding.code, finding.target ?? '']));
  }
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  const stillOpen = await ctx.tx
    .select()
    .from(rectifications)
    .where(
      and(
        eq(rectifications.source, input.source),
        eq(rectifications.subjectEntity, input.subject.entity),
        eq(rectifications.subjectId, String(input.subject.id)),
        inArray(rectifications.status, ['open', 'done']),
      ),
    );
  for (const row of stillOpen) {
    if (foundKeys.has(JSON.stringify([row.code, row.target]))) continue;
    const after = await transition(ctx, rectificationWorkflow, row.id, 'clear', {
      comment: '复查未再发现该问题',
    });
    result.closed.push(after.id);
    await notifyUnit(ctx, 'rectification.clear', after, `【整改销号】${after.title}`);
  }
  await ctx.audit({
    action: 'rectification.recheck',
    entity: RECTIFICATION,
    entityId: `${input.subject.entity}:${input.subject.id}`,
    unitId: input.unitId,
    after: { source: input.source, ...result },
  });
  return result;
}

// ------------------------------------------------------------------ the unit's report, the verdict

export async function reportRectification(
  ctx: ServiceContext,
  id: number,
  input: { note: string; evidenceIds: number[] },
) {
  const evidenceIds = await requireAttachments(ctx, input.evidenceIds, 'evidenceIds');
  const after = await transition(ctx, rectificationWorkflow, id, 'report', {
    comment: input.note,
    data: { note: input.note, evidenceIds },
  });
  const source = rectificationSource(after.source);
  if (source.closedBy === 'acceptance') {
    await notify(ctx, { roles: ['committee_admin'] }, 'rectification.report', {
      entity: RECTIFICATION,
      id: after.id,
      unitId: after.unitId,
      title: `【整改待验证】${after.title}`,
      body: input.note,
      link: `/rectifications/city?id=${after.id}`,
    });
  }
  return getRectification(ctx, id);
}

export async function giveVerdict(
  ctx: ServiceContext,
  id: number,
  input: { verdict: 'accept' | 'reject'; comment?: string },
) {
  const after = await transition(ctx, rectificationWorkflow, id, input.verdict, {
    comment: input.comment ?? '',
    data: { comment: input.comment ?? '' },
  });
  await notifyUnit(
    ctx,
    `rectification.${input.verdict}`,
    after,
    input.verdict === 'accept' ? `【整改销号】${after.title}` : `【整改退回】${after.title}`,
    input.comment ?? '',
  );
  return getRectification(ctx, id);
}

// ------------------------------------------------------------------ reading

export interface RectificationQuery {
  positionId?: number;
  status?: RectificationStatus;
  unitId?: number;
  source?: string;
  overdue?: 'true' | 'false';
  page?: number;
  pageSize?: number;
}

/** A page of rectifications within the caller's scope (a unit sees its subtree, the committee all). */
export async function listRectifications(ctx: ServiceContext, query: RectificationQuery) {
  const now = ctx.clock.now();
  const conditions: (SQL | undefined)[] = [
    ctx.scope.filter(rectifications.unitId),
    query.unitId ? inSubtree(rectifications.unitId, query.unitId) : undefined,
    query.status ? eq(rectifications.status, query.status) : undefined,
    query.source ? eq(rectifications.source, query.source) : undefined,
    query.positionId
      ? and(
          eq(rectifications.subjectEntity, 'position'),
          eq(rectifications.subjectId, String(query.positionId)),
        )
      : undefined,
    query.overdue === 'true'
      ? and(notInArray(rectifications.status, ['closed']), sql`${rectifications.dueAt} < ${now}`)
      : undefined,
  ];
  const where = and(...conditions);
  const { limit, offset } = paging(query);
  const [rows, [counted]] = await sequential([
    ctx.tx
      .select({ row: rectifications, unitName: units.name })
      .from(rectifications)
      .innerJoin(units, eq(units.id, rectifications.unitId))
      .where(where)
      // Open first, then by deadline; closed ones last, newest first.
      .orderBy(
        sql`case ${rectifications.status} when 'open' then 0 when 'done' then 1 else 2 end`,
        sql`case when ${rectifications.status} = 'closed' then null else ${rectifications.dueAt} end asc nulls last`,
        desc(rectifications.closedAt),
        desc(rectifications.id),
      )
      .limit(limit)
      .offset(offset),
    ctx.tx.select({ total: sql<number>`count(*)::int` }).from(rectifications).where(where),
  ]);
  const allowed = await allowedActionsOf(
    ctx,
    rectificationPolicy,
    rows.map((r) => r.row as RectificationRecord),
  );
  return {
    items: rows.map((r, i) => ({
      ...withOverdue(ctx, { ...r.row, unitName: r.unitName }),
      allowed: usable(allowed[i]!),
    })),
    total: counted?.total ?? 0,
  };
}

/** One rectification with its evidence files and the caller's allowed actions (404 outside scope). */
export async function getRectification(ctx: ServiceContext, id: number) {
  const row = await loadRecord(ctx, id);
  const [unit] = await ctx.tx
    .select({ name: units.name })
    .from(units)
    .where(eq(units.id, row.unitId));
  const evidence = [];
  for (const attachmentId of row.evidenceIds) {
    try {
      evidence.push(await getAttachment(ctx, attachmentId));
    } catch {
      // A file outside the caller's scope is not shown (the record still is).
    }
  }
  const allowed = usable(await allowedActions(ctx, rectificationPolicy, row));
  return { ...withOverdue(ctx, { ...row, unitName: unit?.name ?? '' }), allowed, evidence };
}

/** The committee opens a directive (督办) on a unit by hand; closed when it accepts the report. */
export async function createDirective(
  ctx: ServiceContext,
  input: { unitId: number; title: string; text?: string; dueAt?: Date },
) {
  const { rectification, outcome } = await openRectification(ctx, {
    source: 'committee',
    subject: { entity: 'unit', id: input.unitId },
    code: 'directive',
    target: input.title,
    title: input.title,
    finding: { text: input.text ?? '' },
    unitId: input.unitId,
    dueAt: input.dueAt,
  });
  if (outcome === 'kept') {
    throw fail('CONFLICT', [`该单位已有未销号的同名整改事项（编号 ${rectification.id}）`]);
  }
  return getRectification(ctx, rectification.id);
}
