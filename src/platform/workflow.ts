// Workflows: a record's lifecycle declared as data, run by one mechanism.
//
// A domain declares its lifecycle once (`src/<domain>/workflow.ts` or beside its policy):
//
//   export const letterWorkflow = defineWorkflow<Letter>({
//     kind: 'responsibility-letter',            // = the policy's kind; the timeline's kind
//     policy: letterPolicy,                     // who may take each transition (one rule each)
//     states: ['pending', 'signed'],
//     transitions: {
//       sign:   { from: ['pending'], to: 'signed', required: ['signedOn'] },
//       reopen: { from: ['signed'],  to: 'pending' },
//     },
//     clocks: {                                 // optional deadlines
//       response: { label: '响应', startOn: ['create'], metBy: ['respond'],
//                   due: (record, at) => new Date(at.getTime() + 48 * HOUR) },
//     },
//     notify: { sign: { roles: ['unit_liaison'] } },   // optional, per transition (notify())
//     load: getLetter,                          // scoped load by id (404 outside the scope)
//     write: (ctx, record, change) => …,        // puts change.to (and change.data) on the row
//   });
//
// Then, inside the route's transaction:
//   await startRecord(ctx, letterWorkflow, letter);                 // creation: first timeline row
//   const after = await transition(ctx, letterWorkflow, id, 'sign', { data: { signedOn } });
//   const rows = await timeline(ctx, 'responsibility-letter', id);  // GET /timeline/<kind>/:id
//   // routes: the domain's manifest adds `...timelineRoutes(letterWorkflow)` (workflow-routes.ts)
//   const clocks = await clocksOf(ctx, letterWorkflow, id);         // [{ name, dueAt, breached… }]
//   await checkClocks(ctx, now);       // what `workflowClockJob` (every 5 min) runs as the system
//
// `transition` does, in the caller's one transaction: lock the record, load it (404), check the
// policy rule of the action — scope 404, role 403, state 409 (a transition's `from` states become
// the rule's `states`), "not the same person as step X" 409 (`notSameAs: ['create', 'approve']`
// for 三审: the writer and earlier approvers are refused) — then the required fields of `data`
// (400 naming the field), write the new state through `write`,
// append the timeline row, start/meet clocks, audit `<kind>.<action>` with before and after, and
// notify (platform notify(), same transaction). Any failure rolls all of it back together.
//
// The record's state column is written only through here (`write`) — the domain's create inserts
// the first state and calls `startRecord`; it stays on the record's own row so lists (and the
// compliance countables) filter on it. History lives in `workflow_transitions`, deadlines in
// `workflow_clocks`. Notices go through the platform's notify() to holders of the declared roles
// over the record's unit; kinds are `<kind>.<action>` and `<kind>.clock-breached`.
// `checkClocks` runs as the system (its loads see the whole tree).
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { requireUnits, scopeFor } from './access.js';
import { type ServiceContext, systemContext } from './context.js';
import type { RoleName, TimelineEntry } from './contract.js';
import { fail } from './errors.js';
import { defineJob, defineSchedule } from './jobs.js';
import { defineNotificationKind, notify } from './notifications.js';
import { authorize, type Policy, type PolicyRecord } from './policy.js';
import { workflowClocks, workflowTransitions } from './workflow-tables.js';

export interface WorkflowRecord extends PolicyRecord {
  status: string;
}

export interface TransitionSpec<S extends string> {
  from: readonly S[];
  /**
   * The next state, or one per starting state for a step taken at several stages (the 三审
   * `approve`: first-review → second-review → final-review → published).
   */
  to: S | Partial<Record<S, S>>;
  /** Fields of `data` that must be present and non-empty (400 naming the field). */
  required?: readonly string[];
}

export interface ClockSpec<R> {
  /** Chinese name, e.g. 响应. */
  label: string;
  /** Actions (or `create`) that start the clock. */
  startOn: readonly string[];
  /** Actions that meet it (stop it in time). */
  metBy: readonly string[];
  /** When it falls due, from the record and the starting instant; null: no clock for this one. */
  due: (record: R, startedAt: Date) => Date | null;
  /** Who hears of a breach (once per breach), e.g. the unit and the committee. */
  notifyOnBreach?: NoticeSpec<R>;
}

export interface WorkflowChange<S extends string = string> {
  action: string;
  from: S;
  to: S;
  data: Record<string, unknown>;
}

export interface WorkflowSpec<R extends WorkflowRecord, S extends string = string> {
  kind: string;
  /** Chinese name of the record kind, e.g. 责任书 (notifications, timeline headings). */
  label: string;
  policy: Policy<R>;
  states: readonly S[];
  stateLabels?: Record<S, string>;
  transitions: Record<string, TransitionSpec<S>>;
  clocks?: Record<string, ClockSpec<R>>;
  /** Who hears of a transition, per action. */
  notify?: Record<string, NoticeSpec<R>>;
  /** Chinese names of the actions (notice tags, timeline); the policy's labels by default. */
  actionLabels?: Record<string, string>;
  /** Loads one record within the caller's scope; 404 (fail('NOT_FOUND')) outside it. */
  load: (ctx: ServiceContext, id: number) => Promise<R>;
  /** Writes `change.to` (and whatever of `change.data` the record keeps) onto the record's row. */
  write: (ctx: ServiceContext, record: R, change: WorkflowChange<S>) => Promise<void>;
}

export type Workflow<
  R extends WorkflowRecord = WorkflowRecord,
  S extends string = string,
> = WorkflowSpec<R, S>;

/** Every declared workflow by kind: the timeline route finds the owning kind's policy here. */
const registry = new Map<string, Workflow>();

export function defineWorkflow<R extends WorkflowRecord, S extends string = string>(
  spec: WorkflowSpec<R, S>,
): Workflow<R, S> {
  if (spec.policy.kind !== spec.kind) {
    throw new Error(`workflow ${spec.kind}: its policy is for ${spec.policy.kind}`);
  }
  const rules = spec.policy.actions as Record<string, { states?: readonly string[] }>;
  for (const [action, t] of Object.entries(spec.transitions)) {
    const rule = rules[action];
    if (!rule) throw new Error(`workflow ${spec.kind}: no policy rule for ${action}`);
    // One source for "from which states": the transition's; the policy answers allowed actions.
    rule.states ??= t.from;
  }
  spec.policy.stateLabels ??= spec.stateLabels;
  const labels = { ...(spec.policy.actionLabels ?? {}), ...(spec.actionLabels ?? {}) } as Record<
    string,
    string
  >;
  for (const action of Object.keys(spec.notify ?? {})) {
    defineNotificationKind(`${spec.kind}.${action}`, {
      label: labels[action] ?? action,
      tone: 'info',
    });
  }
  if (Object.values(spec.clocks ?? {}).some((c) => c.notifyOnBreach)) {
    defineNotificationKind(`${spec.kind}.clock-breached`, { label: '超时', tone: 'error' });
  }
  registry.set(spec.kind, spec as unknown as Workflow);
  return spec;
}

export function workflowOf(kind: string): Workflow | undefined {
  return registry.get(kind);
}

/** Every declared workflow, in the order the domains declared them. */
export function allWorkflows(): Workflow[] {
  return [...registry.values()];
}

// ---------------------------------------------------------------- notifications

/** Who hears of a step: holders of the roles over the record's unit, with the notice's text. */
export interface NoticeSpec<R> {
  roles: readonly RoleName[];
  /** Chinese title; defaults to `<label>：<step>` (e.g. 责任书：已签订). */
  title?: (record: R) => string;
  /** Path in the web app the notice opens. */
  link?: (record: R) => string;
}

async function sendNotice<R extends WorkflowRecord>(
  ctx: ServiceContext,
  wf: { kind: string },
  spec: NoticeSpec<R>,
  kind: string,
  record: R,
  fallbackTitle: string,
  period?: string,
) {
  await notify(ctx, { roles: spec.roles, unitId: record.unitId }, kind, {
    entity: wf.kind,
    id: record.id,
    unitId: record.unitId,
    title: spec.title?.(record) ?? fallbackTitle,
    ...(spec.link ? { link: spec.link(record) } : {}),
    ...(period ? { period } : {}),
  });
}

// ---------------------------------------------------------------- writing the timeline

function actor(ctx: ServiceContext) {
  return { actorId: ctx.user?.id ?? null, actorName: ctx.user?.displayName ?? '系统' };
}

async function appendTimeline(
  ctx: ServiceContext,
  row: {
    kind: string;
    recordId: number;
    unitId: number;
    from: string | null;
    to: string;
    action: string;
    comment?: string;
    data?: Record<string, unknown>;
  },
) {
  await ctx.tx.insert(workflowTransitions).values({
    kind: row.kind,
    recordId: row.recordId,
    unitId: row.unitId,
    fromState: row.from,
    toState: row.to,
    action: row.action,
    ...actor(ctx),
    at: ctx.clock.now(),
    comment: row.comment ?? '',
    data: row.data ?? {},
  });
}

async function runClocks<R extends WorkflowRecord, S extends string>(
  ctx: ServiceContext,
  wf: Workflow<R, S>,
  record: R,
  action: string,
) {
  const now = ctx.clock.now();
  for (const [name, clock] of Object.entries(wf.clocks ?? {})) {
    if (clock.metBy.includes(action)) {
      await ctx.tx
        .update(workflowClocks)
        .set({ metAt: now })
        .where(
          and(
            eq(workflowClocks.kind, wf.kind),
            eq(workflowClocks.recordId, record.id),
            eq(workflowClocks.name, name),
            isNull(workflowClocks.metAt),
          ),
        );
    }
    if (clock.startOn.includes(action)) {
      const dueAt = clock.due(record, now);
      if (!dueAt) continue;
      // A clock restarted (e.g. after a reopen) starts afresh.
      await ctx.tx
        .insert(workflowClocks)
        .values({
          kind: wf.kind,
          recordId: record.id,
          unitId: record.unitId,
          name,
          startedAt: now,
          dueAt,
        })
        .onConflictDoUpdate({
          target: [workflowClocks.kind, workflowClocks.recordId, workflowClocks.name],
          set: { startedAt: now, dueAt, metAt: null, breachedAt: null },
        });
    }
  }
}

/**
 * The first timeline row of a new record (from nothing to its first state, action `create`), and
 * the clocks that start on creation. The creation itself is audited by the domain's create.
 */
export async function startRecord<R extends WorkflowRecord, S extends string>(
  ctx: ServiceContext,
  wf: Workflow<R, S>,
  record: R,
  options: { comment?: string; data?: Record<string, unknown> } = {},
): Promise<void> {
  if (!wf.states.includes(record.status as S)) {
    throw new Error(`workflow ${wf.kind}: unknown state ${record.status}`);
  }
  await appendTimeline(ctx, {
    kind: wf.kind,
    recordId: record.id,
    unitId: record.unitId,
    from: null,
    to: record.status,
    action: 'create',
    ...options,
  });
  await runClocks(ctx, wf, record, 'create');
}

function missing(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Takes one transition of one record; see the file header for what it does, in which order. */
export async function transition<R extends WorkflowRecord, S extends string>(
  ctx: ServiceContext,
  wf: Workflow<R, S>,
  recordId: number,
  action: string,
  input: { comment?: string; data?: Record<string, unknown> } = {},
): Promise<R> {
  const spec = wf.transitions[action];
  if (!spec) throw new Error(`workflow ${wf.kind} has no transition ${action}`);
  // Two people acting on one record at once take turns: the second sees the first's state.
  await ctx.tx.execute(sql`select pg_advisory_xact_lock(hashtext(${wf.kind}), ${recordId})`);
  const before = await wf.load(ctx, recordId);
  await authorize(ctx, wf.policy, action, before);
  const data = input.data ?? {};
  for (const field of spec.required ?? []) {
    if (missing(data[field])) {
      throw fail('VALIDATION', [`字段 ${field}：此环节必须填写`], { field });
    }
  }
  const to = typeof spec.to === 'string' ? spec.to : spec.to[before.status as S];
  if (!to) throw new Error(`workflow ${wf.kind}: ${action} leads nowhere from ${before.status}`);
  const change = { action, from: before.status as S, to, data };
  await wf.write(ctx, before, change);
  await appendTimeline(ctx, {
    kind: wf.kind,
    recordId,
    unitId: before.unitId,
    from: before.status,
    to,
    action,
    comment: input.comment,
    data,
  });
  const after = await wf.load(ctx, recordId);
  await runClocks(ctx, wf, after, action);
  await ctx.audit({
    action: `${wf.kind}.${action}`,
    entity: wf.kind,
    entityId: recordId,
    unitId: before.unitId,
    before,
    after,
  });
  const notice = wf.notify?.[action];
  if (notice) {
    const state = wf.stateLabels?.[to] ?? to;
    await sendNotice(ctx, wf, notice, `${wf.kind}.${action}`, after, `${wf.label}：${state}`);
  }
  return after;
}

// ---------------------------------------------------------------- reading

/**
 * A record's timeline, oldest first. The record is loaded through its kind's own scoped load and
 * its policy's read roles (404 for an unknown kind, a missing record or one outside the scope).
 */
export async function timeline(
  ctx: ServiceContext,
  kind: string,
  recordId: number,
): Promise<TimelineEntry[]> {
  const wf = workflowOf(kind);
  if (!wf) throw fail('NOT_FOUND');
  const record = await wf.load(ctx, recordId);
  await requireReader(ctx, wf, record);
  const rows = await ctx.tx
    .select()
    .from(workflowTransitions)
    .where(and(eq(workflowTransitions.kind, kind), eq(workflowTransitions.recordId, recordId)))
    .orderBy(asc(workflowTransitions.id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    recordId: r.recordId,
    from: r.fromState,
    to: r.toState,
    action: r.action,
    actorId: r.actorId,
    actorName: r.actorName,
    at: r.at.toISOString(),
    comment: r.comment,
    data: r.data as Record<string, unknown>,
  }));
}

/** 404 unless the caller's read roles reach the record's unit (the policy's scope rule). */
async function requireReader(ctx: ServiceContext, wf: Workflow, record: WorkflowRecord) {
  if (ctx.user) {
    await requireUnits(ctx.tx, scopeFor(ctx.user, { roles: wf.policy.read }), [record.unitId]);
  }
}

export interface ClockState {
  name: string;
  label: string;
  startedAt: string;
  dueAt: string;
  metAt: string | null;
  /** Unmet past its due time (as of the clock's now), or breached and met late. */
  breached: boolean;
}

/** The record's clocks with their state now (the caller has loaded the record through scope). */
export async function clocksOf<R extends WorkflowRecord, S extends string>(
  ctx: ServiceContext,
  wf: Workflow<R, S>,
  recordId: number,
): Promise<ClockState[]> {
  const now = ctx.clock.now();
  const rows = await ctx.tx
    .select()
    .from(workflowClocks)
    .where(and(eq(workflowClocks.kind, wf.kind), eq(workflowClocks.recordId, recordId)))
    .orderBy(asc(workflowClocks.dueAt));
  return rows.map((r) => ({
    name: r.name,
    label: wf.clocks?.[r.name]?.label ?? r.name,
    startedAt: r.startedAt.toISOString(),
    dueAt: r.dueAt.toISOString(),
    metAt: r.metAt?.toISOString() ?? null,
    breached:
      r.breachedAt !== null || (r.metAt ? r.metAt > r.dueAt : now.getTime() > r.dueAt.getTime()),
  }));
}

export interface BreachedClock {
  kind: string;
  recordId: number;
  unitId: number;
  name: string;
  dueAt: Date;
}

/**
 * Marks every clock due by `now` and still unmet as breached — once: each breach appends a
 * timeline row (`clock-breached`), an audit record and a notice in the caller's transaction. The
 * clock job calls this periodically (system context); tests call it on the ManualClock.
 */
export async function checkClocks(ctx: ServiceContext, now: Date): Promise<BreachedClock[]> {
  const due = await ctx.tx
    .update(workflowClocks)
    .set({ breachedAt: now })
    .where(
      and(
        isNull(workflowClocks.metAt),
        isNull(workflowClocks.breachedAt),
        lte(workflowClocks.dueAt, now),
      ),
    )
    .returning();
  const breached: BreachedClock[] = [];
  for (const clock of due) {
    const wf = workflowOf(clock.kind);
    const [last] = await ctx.tx
      .select({ to: workflowTransitions.toState })
      .from(workflowTransitions)
      .where(
        and(
          eq(workflowTransitions.kind, clock.kind),
          eq(workflowTransitions.recordId, clock.recordId),
        ),
      )
      .orderBy(sql`${workflowTransitions.id} desc`)
      .limit(1);
    const state = last?.to ?? '';
    const data = { clock: clock.name, dueAt: clock.dueAt.toISOString() };
    await appendTimeline(ctx, {
      kind: clock.kind,
      recordId: clock.recordId,
      unitId: clock.unitId,
      from: state,
      to: state,
      action: 'clock-breached',
      data,
    });
    await ctx.audit({
      action: `${clock.kind}.clock-breached`,
      entity: clock.kind,
      entityId: clock.recordId,
      unitId: clock.unitId,
      after: data,
    });
    const spec = wf?.clocks?.[clock.name];
    if (wf && spec?.notifyOnBreach) {
      const record = await wf.load(ctx, clock.recordId);
      await sendNotice(
        ctx,
        wf,
        spec.notifyOnBreach,
        `${clock.kind}.clock-breached`,
        record,
        `${wf.label}：${spec.label}已超时`,
        clock.dueAt.toISOString(),
      );
    }
    breached.push({
      kind: clock.kind,
      recordId: clock.recordId,
      unitId: clock.unitId,
      name: clock.name,
      dueAt: clock.dueAt,
    });
  }
  return breached;
}

// ---------------------------------------------------------------- the clock job

export const WORKFLOW_CLOCK_JOB = 'workflow.check-clocks';

/**
 * `checkClocks` as a job, run as the system in one transaction: stately (one queued, one running),
 * and safe to run twice — a clock is marked breached by one keyed update, so a second run (or a
 * second process) finds nothing left to mark.
 */
export const workflowClockJob = defineJob(
  WORKFLOW_CLOCK_JOB,
  async (job) => {
    const breached = await job.db.transaction((tx) =>
      checkClocks(systemContext(tx, job.clock, '流程时限'), job.clock.now()),
    );
    return { breached: breached.length };
  },
  { policy: 'stately', retryLimit: 2, expireInSeconds: 10 * 60, label: '流程时限检查' },
);
/** Every five minutes (a 5-hour deadline is then seen at most five minutes late). */
export const workflowClockSchedule = defineSchedule(WORKFLOW_CLOCK_JOB, '*/5 * * * *');
