// The positions registry (阵地台账): named operations on positions and their dated lifecycle.
// Website checks are in checks.ts.
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { people } from '../org/tables.js';
import { requireUnits } from '../platform/access.js';
import type { ServiceContext } from '../platform/context.js';
import { fail } from '../platform/errors.js';
import { auditRecord, ledgerFilters, pagedList } from '../platform/ledger.js';
import { authorize, withAllowed } from '../platform/policy.js';
import { units } from '../platform/tables.js';
import type { Paging } from '../platform/validation.js';
import {
  accountKinds,
  activeStates,
  checkStatusLabels,
  defaultCadenceDays,
  type PositionEventInput,
  type PositionEventKind,
  type PositionInput,
  type PositionKind,
  type PositionPatch,
  positionEventLabels,
  positionKindLabels,
  positionStateLabels,
} from './contract.js';
import { type PositionRecord, positionPolicy } from './policy.js';
import { positionChecks, positionEvents, positions } from './tables.js';

type PositionRow = typeof positions.$inferSelect;

/** Today in Beijing as YYYY-MM-DD (age rules and default dates are Beijing days). */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const columns = {
  position: positions,
  unitName: units.name,
  ownerName: people.name,
};

/** The newest check of each position (one query for any number of positions). */
async function lastChecks(ctx: ServiceContext, positionIds: number[]) {
  if (positionIds.length === 0) return new Map<number, LastCheck>();
  const rows = await ctx.tx
    .selectDistinctOn([positionChecks.positionId], {
      positionId: positionChecks.positionId,
      id: positionChecks.id,
      status: positionChecks.status,
      finishedAt: positionChecks.finishedAt,
      queuedAt: positionChecks.queuedAt,
      counts: positionChecks.counts,
      score: positionChecks.score,
    })
    .from(positionChecks)
    .where(inArray(positionChecks.positionId, positionIds))
    .orderBy(positionChecks.positionId, desc(positionChecks.id));
  return new Map(
    rows.map((r) => [
      r.positionId,
      {
        id: r.id,
        status: r.status,
        statusLabel: checkStatusLabels[r.status],
        queuedAt: r.queuedAt.toISOString(),
        finishedAt: r.finishedAt?.toISOString() ?? null,
        counts: r.counts as Record<string, number>,
        score: r.score,
      },
    ]),
  );
}
interface LastCheck {
  id: number;
  status: string;
  statusLabel: string;
  queuedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  score: number | null;
}

/**
 * Accounts of the same kind on the same platform in one unit (一号多开) are flagged, not refused:
 * a unit may have a reason (a bureau and its press office), but the committee wants to see it.
 */
async function duplicateWarnings(ctx: ServiceContext, rows: PositionRow[]) {
  const accounts = rows.filter(
    (r) => accountKinds.includes(r.kind) && activeStates.includes(r.status),
  );
  const warnings = new Map<number, string[]>();
  if (accounts.length === 0) return warnings;
  const siblings = await ctx.tx
    .select({
      id: positions.id,
      unitId: positions.unitId,
      kind: positions.kind,
      platform: positions.platform,
      name: positions.name,
    })
    .from(positions)
    .where(
      and(
        inArray(positions.unitId, [...new Set(accounts.map((a) => a.unitId))]),
        inArray(positions.kind, [...new Set(accounts.map((a) => a.kind))]),
        inArray(positions.status, [...activeStates]),
      ),
    );
  const platformOf = (p: string) => p.trim().toLowerCase();
  for (const a of accounts) {
    const others = siblings.filter(
      (s) =>
        s.id !== a.id &&
        s.unitId === a.unitId &&
        s.kind === a.kind &&
        platformOf(s.platform) === platformOf(a.platform),
    );
    if (others.length)
      warnings.set(a.id, [
        `本单位已有同平台的${positionKindLabels[a.kind]}：${others.map((o) => o.name).join('、')}（一个单位同类账号原则上只开设一个）`,
      ]);
  }
  return warnings;
}

async function present(
  ctx: ServiceContext,
  rows: { position: PositionRow; unitName: string; ownerName: string | null }[],
) {
  const list = rows.map((r) => r.position);
  const [checks, warnings] = await Promise.all([
    lastChecks(
      ctx,
      list.map((p) => p.id),
    ),
    duplicateWarnings(ctx, list),
  ]);
  const records = rows.map(({ position: p, unitName, ownerName }) => ({
    id: p.id,
    unitId: p.unitId,
    unitName,
    kind: p.kind,
    kindLabel: positionKindLabels[p.kind],
    name: p.name,
    url: p.url,
    platform: p.platform,
    accountId: p.accountId,
    ownerPersonId: p.ownerPersonId,
    ownerName: ownerName ?? '',
    cadenceDays: p.cadenceDays,
    interaction: p.interaction,
    note: p.note,
    status: p.status,
    statusLabel: positionStateLabels[p.status],
    statusOn: p.statusOn,
    active: activeStates.includes(p.status),
    lastCheck: checks.get(p.id) ?? null,
    warnings: warnings.get(p.id) ?? [],
  }));
  return withAllowed(ctx, positionPolicy, records);
}

const selectPositions = (ctx: ServiceContext) =>
  ctx.tx
    .select(columns)
    .from(positions)
    .innerJoin(units, eq(units.id, positions.unitId))
    .leftJoin(people, eq(people.id, positions.ownerPersonId));

export async function listPositions(
  ctx: ServiceContext,
  query: { unitId?: number; kind?: PositionKind; status?: PositionEventKind } & Paging,
) {
  const where = ledgerFilters(
    positions.unitId,
    query,
    null,
    undefined,
    query.kind && eq(positions.kind, query.kind),
    query.status && eq(positions.status, query.status),
  );
  const page = await pagedList(ctx, {
    table: positions,
    unitColumn: positions.unitId,
    where,
    query,
    rows: ({ limit, offset }) =>
      selectPositions(ctx)
        .where(and(ctx.scope.filter(positions.unitId), where))
        .orderBy(asc(positions.unitId), asc(positions.kind), asc(positions.id))
        .limit(limit)
        .offset(offset),
  });
  return { ...page, items: await present(ctx, page.items) };
}

/** The record the policy judges (404 outside the caller's scope). */
export async function loadPosition(ctx: ServiceContext, positionId: number): Promise<PositionRow> {
  const [row] = await ctx.tx
    .select()
    .from(positions)
    .where(and(eq(positions.id, positionId), ctx.scope.filter(positions.unitId)));
  if (!row) throw fail('NOT_FOUND');
  return row;
}

const asRecord = (p: PositionRow): PositionRecord => ({
  id: p.id,
  unitId: p.unitId,
  kind: p.kind,
  url: p.url,
  status: p.status,
});

export async function authorizePosition(
  ctx: ServiceContext,
  positionId: number,
  action: 'edit' | 'event' | 'check',
) {
  const row = await loadPosition(ctx, positionId);
  await authorize(ctx, positionPolicy, action, asRecord(row));
  return row;
}

/** One position with its lifecycle events (newest first), last check and the caller's actions. */
export async function getPosition(ctx: ServiceContext, positionId: number) {
  const rows = await selectPositions(ctx).where(
    and(eq(positions.id, positionId), ctx.scope.filter(positions.unitId)),
  );
  if (!rows[0]) throw fail('NOT_FOUND');
  const [presented] = await present(ctx, rows);
  const events = await ctx.tx
    .select()
    .from(positionEvents)
    .where(eq(positionEvents.positionId, positionId))
    .orderBy(desc(positionEvents.date), desc(positionEvents.id));
  return {
    ...presented!,
    events: events.map((e) => ({
      id: e.id,
      kind: e.kind,
      kindLabel: positionEventLabels[e.kind],
      date: e.date,
      note: e.note,
    })),
  };
}

/** The owner must be a person of a unit the caller reaches. */
async function checkOwner(ctx: ServiceContext, personId: number | null | undefined) {
  if (personId === null || personId === undefined) return;
  const [person] = await ctx.tx
    .select({ unitId: people.unitId })
    .from(people)
    .where(eq(people.id, personId));
  if (!person)
    throw fail('VALIDATION', ['字段 ownerPersonId：人员不存在'], { field: 'ownerPersonId' });
  try {
    await requireUnits(ctx.tx, ctx.scope, [person.unitId]);
  } catch {
    throw fail('VALIDATION', ['字段 ownerPersonId：人员不存在或无权访问'], {
      field: 'ownerPersonId',
    });
  }
}

export async function createPosition(ctx: ServiceContext, input: PositionInput) {
  await requireUnits(ctx.tx, ctx.scope, [input.unitId]);
  await checkOwner(ctx, input.ownerPersonId);
  const openedOn = input.openedOn ?? beijingDay(ctx.clock.now());
  const [row] = await ctx.tx
    .insert(positions)
    .values({
      unitId: input.unitId,
      kind: input.kind,
      name: input.name,
      url: input.url ?? '',
      platform: input.platform ?? '',
      accountId: input.accountId ?? '',
      ownerPersonId: input.ownerPersonId ?? null,
      cadenceDays: input.cadenceDays ?? defaultCadenceDays[input.kind],
      interaction: input.interaction ?? false,
      note: input.note ?? '',
      status: 'open',
      statusOn: openedOn,
      createdAt: ctx.clock.now(),
    })
    .returning({ id: positions.id });
  await ctx.tx.insert(positionEvents).values({
    positionId: row!.id,
    unitId: input.unitId,
    kind: 'open',
    date: openedOn,
    createdBy: ctx.user?.id ?? null,
    createdAt: ctx.clock.now(),
  });
  const after = await getPosition(ctx, row!.id);
  await auditRecord(ctx, 'position', 'create', { after });
  return after;
}

export async function updatePosition(
  ctx: ServiceContext,
  positionId: number,
  patch: PositionPatch,
) {
  await authorizePosition(ctx, positionId, 'edit');
  if (patch.ownerPersonId !== undefined) await checkOwner(ctx, patch.ownerPersonId);
  const before = await getPosition(ctx, positionId);
  await ctx.tx
    .update(positions)
    .set({
      name: patch.name,
      url: patch.url,
      platform: patch.platform,
      accountId: patch.accountId,
      ownerPersonId: patch.ownerPersonId,
      cadenceDays: patch.cadenceDays,
      interaction: patch.interaction,
      note: patch.note,
    })
    .where(eq(positions.id, positionId));
  const after = await getPosition(ctx, positionId);
  await auditRecord(ctx, 'position', 'update', { before, after });
  return after;
}

/**
 * Records a dated lifecycle event (开设/变更/停更公告/关停/注销). The position's state is its
 * latest event by date (a back-dated event does not override a later one).
 */
export async function addPositionEvent(
  ctx: ServiceContext,
  positionId: number,
  input: PositionEventInput,
) {
  const row = await authorizePosition(ctx, positionId, 'event');
  const before = await getPosition(ctx, positionId);
  await ctx.tx.insert(positionEvents).values({
    positionId,
    unitId: row.unitId,
    kind: input.kind,
    date: input.date,
    note: input.note ?? '',
    createdBy: ctx.user?.id ?? null,
    createdAt: ctx.clock.now(),
  });
  const [latest] = await ctx.tx
    .select({ kind: positionEvents.kind, date: positionEvents.date })
    .from(positionEvents)
    .where(eq(positionEvents.positionId, positionId))
    .orderBy(desc(positionEvents.date), desc(positionEvents.id))
    .limit(1);
  await ctx.tx
    .update(positions)
    .set({ status: latest!.kind, statusOn: latest!.date })
    .where(eq(positions.id, positionId));
  const after = await getPosition(ctx, positionId);
  await ctx.audit({
    action: 'position.event',
    entity: 'position',
    entityId: positionId,
    unitId: row.unitId,
    before: { status: before.status, statusOn: before.statusOn },
    after: { event: input.kind, date: input.date, note: input.note ?? '', status: after.status },
  });
  return after;
}

/** Active websites with an address: what the nightly schedule checks. */
export async function activeWebsites(ctx: ServiceContext) {
  return ctx.tx
    .select({ id: positions.id, unitId: positions.unitId, url: positions.url })
    .from(positions)
    .where(
      and(
        ctx.scope.filter(positions.unitId),
        eq(positions.kind, 'website'),
        ne(positions.url, ''),
        inArray(positions.status, [...activeStates]),
      ),
    )
    .orderBy(asc(positions.id));
}

/** Used by the Excel import's natural key: a unit's positions by kind and name. */
export const positionKeyColumns = [positions.unitId, positions.kind, positions.name] as const;
