// Policies: who may do what to one record, declared as data per domain (`src/<domain>/policy.ts`)
// and checked only here.
//
//   export const letterPolicy = definePolicy<Letter>({
//     kind: 'responsibility-letter',
//     read: ['committee_admin', 'unit_liaison', 'unit_leader'],
//     actions: {
//       edit: { roles: ['committee_admin', 'unit_liaison'] },
//       sign: { roles: [...], states: ['pending'] },
//       approve: { roles: ['editor'], notSameAs: ['create', 'approve'] },
//     },
//   });
//
//   await authorize(ctx, letterPolicy, 'sign', letter);      // throws 404 / 403 / 409
//   const allowed = await allowedActions(ctx, letterPolicy, letter);   // ['edit', 'sign']
//   const rows = await withAllowed(ctx, letterPolicy, items); // each item gets `allowed`
//
// A rule is checked in a fixed order, and each refusal has its own status:
//   1. the record's unit lies within the scope of the roles that may read the kind (and within
//      the route's scope) — else 404, the same answer as "does not exist";
//   2. the caller holds one of the action's roles bound at the record's unit or above it — 403;
//   3. the record's `status` is one of the rule's `states` — 409;
//   4. the caller is not the actor of any `notSameAs` action in the record's timeline (the
//      workflow's transitions table) — 409;
//   5. the rule's own `check(record)` returns no refusal — 409.
// Scope is the one mechanism of access.ts (`scopeFor(principal, { roles })`), never a second one.
// The system context (shell commands, fixtures: `ctx.user` null) passes 1–2 through its own scope
// and is held to 3–5 like anyone.
import { and, eq, inArray } from 'drizzle-orm';
import { scopeFor } from './access.js';
import type { ServiceContext } from './context.js';
import type { RoleName } from './contract.js';
import { type AppError, fail } from './errors.js';
import { units } from './tables.js';
import { workflowTransitions } from './workflow-tables.js';

/** What every policed record carries: its id, the unit that owns it, and its state if it has one. */
export interface PolicyRecord {
  id: number;
  unitId: number;
  status?: string;
}

export interface Rule<R extends PolicyRecord = PolicyRecord> {
  /** Roles that may take the action, bound at the record's unit or at a unit above it. */
  roles: readonly RoleName[];
  /** The record's `status` must be one of these. */
  states?: readonly string[];
  /** The caller must not have taken any of these actions on the record (see the timeline). */
  notSameAs?: readonly string[];
  /** A domain condition: the Chinese reason for refusing (409), or null to allow. */
  check?: (record: R) => string | null;
}

export interface Policy<R extends PolicyRecord = PolicyRecord, A extends string = string> {
  /** The record kind, as in the timeline and the audit (`responsibility-letter`). */
  kind: string;
  /** Roles that see the records at all; outside their scope a record does not exist (404). */
  read: readonly RoleName[];
  actions: Record<A, Rule<R>>;
  /**
   * Chinese names of actions (and of timeline steps a `notSameAs` names, e.g. `create`) and of
   * states, for refusal messages.
   */
  actionLabels?: Partial<Record<A, string>> & Record<string, string>;
  stateLabels?: Record<string, string>;
}

export function definePolicy<R extends PolicyRecord, A extends string = string>(
  policy: Policy<R, A>,
): Policy<R, A> {
  return policy;
}

type Verdict = { ok: true } | { ok: false; error: AppError };
const allowedVerdict: Verdict = { ok: true };

/** Unit paths of the records' units, one query for any number of records. */
async function unitPaths(ctx: ServiceContext, unitIds: number[]): Promise<Map<number, string>> {
  const wanted = [...new Set(unitIds)];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.tx
    .select({ id: units.id, path: units.path })
    .from(units)
    .where(inArray(units.id, wanted));
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** Who took which action on each record, for the `notSameAs` rules (one query). */
async function actorsOf(
  ctx: ServiceContext,
  kind: string,
  recordIds: number[],
  actions: string[],
): Promise<Map<number, { action: string; actorId: number }[]>> {
  const byRecord = new Map<number, { action: string; actorId: number }[]>();
  if (recordIds.length === 0 || actions.length === 0 || !ctx.user) return byRecord;
  const rows = await ctx.tx
    .select({
      recordId: workflowTransitions.recordId,
      action: workflowTransitions.action,
      actorId: workflowTransitions.actorId,
    })
    .from(workflowTransitions)
    .where(
      and(
        eq(workflowTransitions.kind, kind),
        inArray(workflowTransitions.recordId, [...new Set(recordIds)]),
        inArray(workflowTransitions.action, actions),
        eq(workflowTransitions.actorId, ctx.user.id),
      ),
    );
  for (const row of rows) {
    const list = byRecord.get(row.recordId) ?? [];
    list.push({ action: row.action, actorId: row.actorId! });
    byRecord.set(row.recordId, list);
  }
  return byRecord;
}

function reaches(ctx: ServiceContext, roles: readonly RoleName[], unitPath: string): boolean {
  if (!ctx.user) return ctx.scope.includesPath(unitPath);
  return scopeFor(ctx.user, { roles }).includesPath(unitPath);
}

function label(policy: Policy, map: 'actionLabels' | 'stateLabels', key: string): string {
  return (policy[map] as Record<string, string> | undefined)?.[key] ?? key;
}

function judge<R extends PolicyRecord>(
  ctx: ServiceContext,
  policy: Policy<R>,
  action: string,
  record: R,
  unitPath: string | undefined,
  taken: { action: string }[],
): Verdict {
  const rule = (policy.actions as Record<string, Rule<R> | undefined>)[action];
  if (!rule) throw new Error(`policy ${policy.kind} declares no action ${action}`);
  if (
    unitPath === undefined ||
    !ctx.scope.includesPath(unitPath) ||
    !reaches(ctx, policy.read, unitPath)
  ) {
    return { ok: false, error: fail('NOT_FOUND') };
  }
  if (!reaches(ctx, rule.roles, unitPath)) return { ok: false, error: fail('FORBIDDEN') };
  const actionName = label(policy as Policy, 'actionLabels', action);
  if (rule.states && !rule.states.includes(record.status ?? '')) {
    const state = label(policy as Policy, 'stateLabels', record.status ?? '');
    return {
      ok: false,
      error: fail('CONFLICT', [`当前状态为「${state}」，不能${actionName}`]),
    };
  }
  const earlier = taken.find((t) => rule.notSameAs?.includes(t.action));
  if (earlier) {
    const step = label(policy as Policy, 'actionLabels', earlier.action);
    return {
      ok: false,
      error: fail('CONFLICT', [`${actionName}须由其他人完成：您已在此前的「${step}」环节经手`]),
    };
  }
  const refusal = rule.check?.(record);
  if (refusal) return { ok: false, error: fail('CONFLICT', [refusal]) };
  return allowedVerdict;
}

function sameActionsOf(policy: Policy, actions: string[]): string[] {
  return [
    ...new Set(
      actions.flatMap(
        (a) => (policy.actions as Record<string, Rule | undefined>)[a]?.notSameAs ?? [],
      ),
    ),
  ];
}

/**
 * The one check before acting on a record: throws the typed error of the first rule the caller
 * fails (404 outside scope, 403 without the role, 409 for the state or the same person).
 */
export async function authorize<R extends PolicyRecord>(
  ctx: ServiceContext,
  policy: Policy<R>,
  action: string,
  record: R,
): Promise<void> {
  const paths = await unitPaths(ctx, [record.unitId]);
  const history = await actorsOf(
    ctx,
    policy.kind,
    [record.id],
    sameActionsOf(policy as Policy, [action]),
  );
  const verdict = judge(
    ctx,
    policy,
    action,
    record,
    paths.get(record.unitId),
    history.get(record.id) ?? [],
  );
  if (!verdict.ok) throw verdict.error;
}

/** The actions of the policy the caller may take on each record (two queries for any number). */
export async function allowedActionsOf<R extends PolicyRecord>(
  ctx: ServiceContext,
  policy: Policy<R>,
  records: readonly R[],
): Promise<string[][]> {
  const actions = Object.keys(policy.actions);
  const paths = await unitPaths(
    ctx,
    records.map((r) => r.unitId),
  );
  const history = await actorsOf(
    ctx,
    policy.kind,
    records.map((r) => r.id),
    sameActionsOf(policy as Policy, actions),
  );
  return records.map((record) =>
    actions.filter(
      (action) =>
        judge(ctx, policy, action, record, paths.get(record.unitId), history.get(record.id) ?? [])
          .ok,
    ),
  );
}

/** The actions the caller may take on one record, e.g. `['edit', 'delete', 'sign']`. */
export async function allowedActions<R extends PolicyRecord>(
  ctx: ServiceContext,
  policy: Policy<R>,
  record: R,
): Promise<string[]> {
  return (await allowedActionsOf(ctx, policy, [record]))[0]!;
}

/** Records as responses carry them: each with the caller's `allowed` actions. */
export async function withAllowed<R extends PolicyRecord>(
  ctx: ServiceContext,
  policy: Policy<R>,
  records: R[],
): Promise<(R & { allowed: string[] })[]> {
  const allowed = await allowedActionsOf(ctx, policy, records);
  return records.map((record, i) => ({ ...record, allowed: allowed[i]! }));
}

/** A page of records as the list routes answer it, each record with its `allowed` actions. */
export async function presentPage<R extends PolicyRecord, P extends { items: R[] }>(
  ctx: ServiceContext,
  policy: Policy<R>,
  page: P,
): Promise<Omit<P, 'items'> & { items: (R & { allowed: string[] })[] }> {
  return { ...page, items: await withAllowed(ctx, policy, page.items) };
}

/** One record as the routes answer it, with its `allowed` actions. */
export async function presentOne<R extends PolicyRecord>(
  ctx: ServiceContext,
  policy: Policy<R>,
  record: R,
): Promise<R & { allowed: string[] }> {
  return (await withAllowed(ctx, policy, [record]))[0]!;
}
